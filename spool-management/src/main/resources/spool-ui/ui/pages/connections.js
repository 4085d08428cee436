// Connections and channels; an open connection can be closed (320 CONNECTION_FORCED with a reason).

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, num, rate, table, section, action, dig } from '../dom.js';

export function mount(view) {
  const connections = table([
    { label: 'Name', value: (c) => c.user_provided_name ? `${c.name} (${c.user_provided_name})` : c.name },
    { label: 'User', value: (c) => c.user },
    { label: 'Virtual host', value: (c) => c.vhost },
    { label: 'Client', value: (c) => [dig(c, 'client_properties.product'), dig(c, 'client_properties.version')]
      .filter(Boolean).join(' ') },
    { label: 'Channels', value: (c) => c.channels, num: true },
    { label: 'Heartbeat', value: (c) => c.timeout, num: true, render: (c) => `${c.timeout}s` },
    { label: 'Connected', value: (c) => c.connected_at, render: (c) => new Date(c.connected_at).toLocaleString() },
    { label: '', value: () => '', render: (c) => action('Close', async () => {
      const reason = window.prompt('Reason sent to the client:', 'Closed via management plugin');
      if (reason === null) return 'Not closed.';
      await api.request('DELETE', `/connections/${api.enc(c.name)}`, undefined, { headers: { 'X-Reason': reason } });
      refreshSoon();
      return `Connection ${c.name} closed.`;
    }, { danger: true, title: 'Close this connection' }) },
  ], { label: 'Connections', empty: 'No connections.' });
  const channels = table([
    { label: 'Channel', value: (c) => c.name },
    { label: 'User', value: (c) => c.user },
    { label: 'Mode', value: (c) => [c.confirm ? 'confirm' : '', c.transactional ? 'tx' : ''].filter(Boolean).join(' ') },
    { label: 'Prefetch', value: (c) => c.prefetch_count, num: true },
    { label: 'Consumers', value: (c) => c.consumer_count, num: true },
    { label: 'Unacked', value: (c) => c.messages_unacknowledged, num: true, render: (c) => num(c.messages_unacknowledged) },
    { label: 'Publish', value: (c) => dig(c, 'message_stats.publish_details.rate') || 0, num: true,
      render: (c) => rate(dig(c, 'message_stats.publish_details.rate')) },
    { label: 'Deliver / get', value: (c) => dig(c, 'message_stats.deliver_get_details.rate') || 0, num: true,
      render: (c) => rate(dig(c, 'message_stats.deliver_get_details.rate')) },
  ], { label: 'Channels', empty: 'No channels.' });
  fill(view, h('div.title', h('h1', 'Connections')), section('Connections', connections.el), section('Channels', channels.el));

  async function refresh() {
    const [c, ch] = await Promise.all([api.get('/connections'), api.get('/channels')]);
    connections.update(c);
    channels.update(ch);
  }
  return { refresh };
}
