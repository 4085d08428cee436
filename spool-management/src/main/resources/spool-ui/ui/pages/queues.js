// Queues: every visible queue with depth, rates, consumers and the age of its oldest ready message, sortable and
// filterable; a form to declare a queue.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, num, rate, age, table, form, field, select, section, dig } from '../dom.js';
import { parseArguments } from './forms.js';

// Only what the table shows: with thousands of queues every refresh stays small.
const COLUMNS = ['name', 'vhost', 'durable', 'auto_delete', 'exclusive', 'arguments', 'policy', 'consumers', 'messages',
  'messages_ready', 'messages_unacknowledged', 'oldest_ready_age_ms', 'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate', 'message_stats.ack_details.rate'].join(',');

export function queueHref(q) {
  return `#/queues/${api.enc(q.vhost)}/${api.enc(q.name)}`;
}

export function mount(view) {
  const list = table([
    { label: 'Name', value: (q) => q.name, render: (q) => h('a', { href: queueHref(q) }, q.name) },
    { label: 'Virtual host', value: (q) => q.vhost },
    { label: 'Features', value: (q) => features(q) },
    { label: 'Policy', value: (q) => q.policy || '' },
    { label: 'Consumers', value: (q) => q.consumers, num: true },
    { label: 'Ready', value: (q) => q.messages_ready, num: true, render: (q) => num(q.messages_ready) },
    { label: 'Unacked', value: (q) => q.messages_unacknowledged, num: true, render: (q) => num(q.messages_unacknowledged) },
    { label: 'Total', value: (q) => q.messages, num: true, render: (q) => num(q.messages) },
    { label: 'Oldest ready', value: (q) => q.oldest_ready_age_ms, num: true, render: (q) => age(q.oldest_ready_age_ms) },
    { label: 'Publish', value: (q) => dig(q, 'message_stats.publish_details.rate') || 0, num: true,
      render: (q) => rate(dig(q, 'message_stats.publish_details.rate')) },
    { label: 'Deliver / get', value: (q) => dig(q, 'message_stats.deliver_get_details.rate') || 0, num: true,
      render: (q) => rate(dig(q, 'message_stats.deliver_get_details.rate')) },
    { label: 'Ack', value: (q) => dig(q, 'message_stats.ack_details.rate') || 0, num: true,
      render: (q) => rate(dig(q, 'message_stats.ack_details.rate')) },
  ], { label: 'Queues', empty: 'No queues.' });
  const vhostSelect = select('vhost', ['/'], '/');
  const add = form('Add a queue', h('div.inline',
    field('Virtual host', vhostSelect),
    field('Name', h('input', { name: 'name', required: true })),
    field('Durability', select('durable', ['durable', 'transient'], 'durable')),
    field('Auto delete', select('auto_delete', ['no', 'yes'], 'no'))),
  'Add queue', async (data) => {
    const arguments_ = parseArguments(data.get('arguments'));
    await api.put(`/queues/${api.enc(data.get('vhost'))}/${api.enc(data.get('name'))}`, {
      durable: data.get('durable') === 'durable', auto_delete: data.get('auto_delete') === 'yes', arguments: arguments_,
    });
    refreshSoon();
    return `Queue ${data.get('name')} declared.`;
  });
  add.querySelector('.inline').after(field('Arguments (JSON, e.g. {"x-max-length": 1000})',
    h('textarea', { name: 'arguments', rows: 2, placeholder: '{}' })));
  fill(view, h('div.title', h('h1', 'Queues')), section('All queues', list.el), add);

  let vhostsLoaded = false;
  async function refresh() {
    const queues = await api.get(`/queues?columns=${COLUMNS}`);
    list.update(queues);
    if (!vhostsLoaded) {
      const vhosts = await api.get('/vhosts');
      vhostsLoaded = true;
      fill(vhostSelect, vhosts.map((v) => h('option', { value: v.name }, v.name)));
    }
  }
  return { refresh };
}

function features(q) {
  const out = [];
  if (q.durable) out.push('D');
  if (q.auto_delete) out.push('AD');
  if (q.exclusive) out.push('Excl');
  for (const key of Object.keys(q.arguments || {})) out.push(key.replace(/^x-/, ''));
  return out.join(' ');
}
