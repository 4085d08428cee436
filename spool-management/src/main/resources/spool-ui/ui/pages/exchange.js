// One exchange: its settings, bindings in both directions, publish, delete.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, table, section, facts, action } from '../dom.js';
import { publishForm } from './messages.js';

export function mount(view, [vhost, pathName]) {
  const name = pathName === 'amq.default' ? '' : pathName;
  const path = `/exchanges/${api.enc(vhost)}/${api.enc(pathName)}`;
  const summary = h('div');
  const destination = (b) => (b.destination_type === 'queue'
    ? h('a', { href: `#/queues/${api.enc(vhost)}/${api.enc(b.destination)}` }, `queue ${b.destination}`)
    : h('a', { href: `#/exchanges/${api.enc(vhost)}/${api.enc(b.destination)}` }, `exchange ${b.destination}`));
  const outgoing = table([
    { label: 'To', value: (b) => b.destination, render: destination },
    { label: 'Routing key', value: (b) => b.routing_key },
    { label: 'Arguments', value: (b) => JSON.stringify(b.arguments || {}) },
  ], { filterable: false, empty: 'No bindings.', label: 'Bindings from this exchange' });
  const incoming = table([
    { label: 'From', value: (b) => b.source,
      render: (b) => h('a', { href: `#/exchanges/${api.enc(vhost)}/${api.enc(b.source)}` }, b.source) },
    { label: 'Routing key', value: (b) => b.routing_key },
  ], { filterable: false, empty: 'No bindings.', label: 'Bindings to this exchange' });
  const builtIn = name === '' || name.startsWith('amq.');
  fill(view,
    h('div.title', h('h1', name || '(AMQP default)'), h('span.muted', `in virtual host ${vhost}`),
      h('a', { href: '#/exchanges' }, 'all exchanges')),
    h('div.grid', section('Exchange', summary, builtIn ? null : h('div.actions', action('Delete exchange', async () => {
      await api.del(path);
      location.hash = '#/exchanges';
      return `Exchange ${name} deleted.`;
    }, { confirmText: `Delete exchange '${name}'?`, danger: true })))),
    h('div.grid', section('Bindings from here', outgoing.el), section('Bindings to here', incoming.el)),
    publishForm(vhost, name));

  async function refresh() {
    const [e, out, into] = await Promise.all([api.get(path),
      name === '' ? Promise.resolve([]) : api.get(`${path}/bindings/source`),
      name === '' ? Promise.resolve([]) : api.get(`${path}/bindings/destination`)]);
    fill(summary, facts([
      ['Type', e.type], ['Durable', e.durable ? 'yes' : 'no'], ['Auto delete', e.auto_delete ? 'yes' : 'no'],
      ['Internal', e.internal ? 'yes' : 'no'],
      ['Arguments', Object.keys(e.arguments || {}).length ? JSON.stringify(e.arguments) : 'none'],
      ['Policy', e.policy || 'none'],
    ]));
    outgoing.update(out);
    incoming.update(into);
  }
  return { refresh };
}
