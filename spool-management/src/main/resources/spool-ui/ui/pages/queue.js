// One queue: its figures and charts (last two minutes, the sampler's per-queue history), bindings, consumers, and
// the actions: publish, get (with an ack mode), peek without dequeue, drop one message, purge, delete, and redrive
// where the broker has it.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, num, age, table, form, field, select, section, facts, action, notify } from '../dom.js';
import { ratesChart, depthChart } from './charts.js';
import { publishForm, messageView } from './messages.js';
import { redrivePanel } from './redrive.js';

const WINDOW_S = 120;
const ACK_MODES = ['ack_requeue_true', 'ack_requeue_false', 'reject_requeue_true', 'reject_requeue_false'];

export function mount(view, [vhost, name]) {
  const path = `/queues/${api.enc(vhost)}/${api.enc(name)}`;
  const summary = h('div');
  const charts = h('div.grid');
  const consumers = table([
    { label: 'Tag', value: (c) => c.consumer_tag },
    { label: 'Channel', value: (c) => c.channel_details && c.channel_details.name },
    { label: 'Ack required', value: (c) => (c.ack_required ? 'yes' : 'no') },
    { label: 'Prefetch', value: (c) => c.prefetch_count, num: true },
    { label: 'Exclusive', value: (c) => (c.exclusive ? 'yes' : 'no') },
  ], { filterable: false, empty: 'No consumers.', label: 'Consumers' });
  const bindings = table([
    { label: 'From exchange', value: (b) => b.source || '(default)',
      render: (b) => (b.source ? h('a', { href: `#/exchanges/${api.enc(vhost)}/${api.enc(b.source)}` }, b.source) : '(default)') },
    { label: 'Routing key', value: (b) => b.routing_key },
    { label: 'Arguments', value: (b) => JSON.stringify(b.arguments || {}) },
    { label: '', value: () => '', render: (b) => (b.source ? action('Unbind', async () => {
      await api.del(`/bindings/${api.enc(vhost)}/e/${api.enc(b.source)}/q/${api.enc(name)}/${api.enc(b.properties_key)}`);
      refreshSoon();
      return 'Binding removed.';
    }, { danger: true }) : '') },
  ], { filterable: false, label: 'Bindings' });
  const bind = form('Add a binding', h('div.inline',
    field('From exchange', h('input', { name: 'source', required: true })),
    field('Routing key', h('input', { name: 'routing_key' }))), 'Bind', async (data) => {
    await api.post(`/bindings/${api.enc(vhost)}/e/${api.enc(data.get('source'))}/q/${api.enc(name)}`,
      { routing_key: data.get('routing_key') || '', arguments: {} });
    refreshSoon();
    return 'Bound.';
  });

  const taken = h('div.messages', { 'aria-label': 'Messages' });
  const getForm = form('Get messages', h('div.inline',
    field('Ack mode', select('ackmode', ACK_MODES, 'ack_requeue_true')),
    field('Encoding', select('encoding', ['auto', 'base64'], 'auto')),
    field('Count', h('input', { name: 'count', type: 'number', min: 1, max: 1000, value: 1 }))), 'Get', async (data) => {
    const got = await api.post(`${path}/get`, {
      count: Number(data.get('count') || 1), ackmode: data.get('ackmode'), encoding: data.get('encoding'), truncate: 50000,
    });
    fill(taken, got.length ? got.map((m, i) => messageView(m, i)) : h('p.muted', 'Queue is empty.'));
    refreshSoon();
    return `${got.length} message(s).`;
  });
  const peekForm = form('Peek (without taking)', h('div.inline',
    field('Count', h('input', { name: 'count', type: 'number', min: 1, max: 1000, value: 10 }))), 'Peek', async (data) => {
    const count = Number(data.get('count') || 10);
    const peeked = await api.get(`${path}/peek?count=${count}`);
    showPeeked(peeked);
    return `${peeked.length} message(s), none taken.`;
  });
  function showPeeked(peeked) {
    fill(taken, peeked.length ? peeked.map((m, i) => messageView(m, i, async () => {
      try {
        await api.del(`${path}/messages/${api.enc(m.id)}`);
        notify('Message dropped.');
        showPeeked(await api.get(`${path}/peek?count=${peeked.length}`));
        refreshSoon();
      } catch (e) {
        notify(e.message, true);
      }
    })) : h('p.muted', 'No ready messages.'));
  }

  const dangerous = h('div.actions',
    action('Purge', async () => {
      await api.del(`${path}/contents`);
      refreshSoon();
      return `Queue ${name} purged.`;
    }, { confirmText: `Purge every ready message of queue '${name}'?`, danger: true }),
    action('Delete queue', async () => {
      await api.del(path);
      location.hash = '#/queues';
      return `Queue ${name} deleted.`;
    }, { confirmText: `Delete queue '${name}' and its messages?`, danger: true }));
  const redrive = redrivePanel(path, name);

  fill(view,
    h('div.title', h('h1', name), h('span.muted', `in virtual host ${vhost}`), h('a', { href: '#/queues' }, 'all queues')),
    h('div.grid', section('Queue', summary), section('Actions', dangerous, h('p.muted',
      'Purge removes every ready message; unacknowledged ones stay with their consumers.'), redrive.el)),
    charts,
    h('div.grid', section('Consumers', consumers.el), section('Bindings', bindings.el, bind)),
    h('div.grid', publishForm(vhost, '', name), h('div.stack', getForm, peekForm)),
    section('Messages taken or peeked', taken));

  async function refresh() {
    const [q, b, c] = await Promise.all([
      api.get(`${path}?msg_rates_age=${WINDOW_S}&msg_rates_incr=5&lengths_age=${WINDOW_S}&lengths_incr=5`),
      api.get(`${path}/bindings`),
      api.get(`/consumers/${api.enc(vhost)}`).catch(() => []),
    ]);
    fill(summary, facts([
      ['Messages', h('span#queue-depth', num(q.messages))],
      ['Ready', num(q.messages_ready)],
      ['Unacked', num(q.messages_unacknowledged)],
      ['Oldest ready', age(q.oldest_ready_age_ms)],
      ['Oldest unacked', age(q.oldest_unacked_age_ms)],
      ['Consumers', num(q.consumers)],
      ['Consumer utilisation', q.consumer_utilisation === null ? '–' : `${Math.round(q.consumer_utilisation * 100)}%`],
      ['Type', q.type],
      ['Durable', q.durable ? 'yes' : 'no'],
      ['Auto delete', q.auto_delete ? 'yes' : 'no'],
      ['Exclusive', q.exclusive ? 'yes' : 'no'],
      ['Arguments', Object.keys(q.arguments || {}).length ? JSON.stringify(q.arguments) : 'none'],
      ['Policy', q.policy || 'none'],
      ['Effective policy', Object.keys(q.effective_policy_definition || {}).length
        ? JSON.stringify(q.effective_policy_definition) : 'none'],
    ]));
    fill(charts, h('div.card', ratesChart(q.message_stats, WINDOW_S * 1000)),
      h('div.card', depthChart(q, WINDOW_S * 1000)));
    bindings.update(b);
    consumers.update(c.filter((x) => x.queue && x.queue.name === name));
    await redrive.refresh();
  }
  return { refresh };
}
