// Exchanges: the list, and a form to declare one.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, rate, table, form, field, select, section, dig } from '../dom.js';
import { parseArguments } from './forms.js';

export function exchangeHref(vhost, name) {
  return `#/exchanges/${api.enc(vhost)}/${api.enc(name === '' ? 'amq.default' : name)}`;
}

export function mount(view) {
  const list = table([
    { label: 'Name', value: (e) => e.name || '(AMQP default)',
      render: (e) => h('a', { href: exchangeHref(e.vhost, e.name) }, e.name || '(AMQP default)') },
    { label: 'Virtual host', value: (e) => e.vhost },
    { label: 'Type', value: (e) => e.type },
    { label: 'Features', value: (e) => [e.durable ? 'D' : '', e.auto_delete ? 'AD' : '', e.internal ? 'I' : '',
      ...Object.keys(e.arguments || {})].filter(Boolean).join(' ') },
    // publish_in / publish_out: per-exchange statistics, shown when the broker reports them
    { label: 'Rate in', value: (e) => dig(e, 'message_stats.publish_in_details.rate') ?? null, num: true,
      render: (e) => rate(dig(e, 'message_stats.publish_in_details.rate')) },
    { label: 'Rate out', value: (e) => dig(e, 'message_stats.publish_out_details.rate') ?? null, num: true,
      render: (e) => rate(dig(e, 'message_stats.publish_out_details.rate')) },
  ], { label: 'Exchanges' });
  const vhostSelect = select('vhost', ['/'], '/');
  const typeSelect = select('type', ['direct', 'fanout', 'topic', 'headers'], 'direct');
  const add = form('Add an exchange', [h('div.inline',
    field('Virtual host', vhostSelect),
    field('Name', h('input', { name: 'name', required: true })),
    field('Type', typeSelect),
    field('Durability', select('durable', ['durable', 'transient'], 'durable')),
    field('Internal', select('internal', ['no', 'yes'], 'no'))),
  field('Arguments (JSON)', h('textarea', { name: 'arguments', rows: 2, placeholder: '{}' }))], 'Add exchange', async (data) => {
    await api.put(`/exchanges/${api.enc(data.get('vhost'))}/${api.enc(data.get('name'))}`, {
      type: data.get('type'), durable: data.get('durable') === 'durable', auto_delete: false,
      internal: data.get('internal') === 'yes', arguments: parseArguments(data.get('arguments')),
    });
    refreshSoon();
    return `Exchange ${data.get('name')} declared.`;
  });
  fill(view, h('div.title', h('h1', 'Exchanges')), section('All exchanges', list.el), add);

  let loaded = false;
  async function refresh() {
    list.update(await api.get('/exchanges'));
    if (!loaded) {
      loaded = true;
      const [vhosts, overview] = await Promise.all([api.get('/vhosts'), api.get('/overview')]);
      fill(vhostSelect, vhosts.map((v) => h('option', { value: v.name }, v.name)));
      const types = (overview.exchange_types || []).map((t) => t.name);
      if (types.length) fill(typeSelect, types.map((t) => h('option', { value: t }, t)));
    }
  }
  return { refresh };
}
