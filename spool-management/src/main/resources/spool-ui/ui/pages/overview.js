// Overview: object and message totals, message-rate and depth charts over the last ten minutes, the node's memory,
// disk and alarms (node data needs the monitoring tag).

import * as api from '../api.js';
import { h, fill, num, rate, bytes, age, facts, section } from '../dom.js';
import { ratesChart, depthChart } from './charts.js';

const WINDOW_S = 600;

function tile(label, value, alarm = false) {
  return h(`div.tile${alarm ? '.alarm' : ''}`, h('div.value', value), h('div.label', label));
}

export function mount(view, params, session) {
  const tiles = h('div.tiles', { 'aria-label': 'Totals' });
  const charts = h('div.grid');
  const nodeBox = h('div');
  const info = h('div');
  fill(view, h('div.title', h('h1', 'Overview')), tiles, charts,
    h('div.grid', section('Node', nodeBox), section('Broker', info)));

  async function refresh() {
    const [o, nodes, alarms] = await Promise.all([
      api.get(`/overview?msg_rates_age=${WINDOW_S}&msg_rates_incr=5&lengths_age=${WINDOW_S}&lengths_incr=5`),
      session.monitoring ? api.get('/nodes') : Promise.resolve(null),
      api.get('/health/checks/alarms').catch((e) => ({ status: 'failed', reason: e.message })),
    ]);
    const t = o.object_totals || {};
    const q = o.queue_totals || {};
    const m = o.message_stats || {};
    fill(tiles,
      tile('Messages', num(q.messages)), tile('Ready', num(q.messages_ready)),
      tile('Unacked', num(q.messages_unacknowledged)),
      tile('Publish', rate(m.publish_details && m.publish_details.rate)),
      tile('Deliver', rate(m.deliver_get_details && m.deliver_get_details.rate)),
      tile('Connections', num(t.connections)), tile('Channels', num(t.channels)),
      tile('Queues', num(t.queues)), tile('Consumers', num(t.consumers)),
      tile('Alarms', alarms.status === 'ok' ? 'none' : 'raised', alarms.status !== 'ok'));
    fill(charts, h('div.card', ratesChart(m, WINDOW_S * 1000)), h('div.card', depthChart(q, WINDOW_S * 1000)));
    const n = nodes && nodes[0];
    fill(nodeBox, n ? facts([
      ['Name', n.name],
      ['Uptime', age(n.uptime)],
      ['Memory', `${bytes(n.mem_used)} of ${bytes(n.mem_limit)}${n.mem_alarm ? ' — ALARM' : ''}`],
      ['Disk free', `${bytes(n.disk_free)} (limit ${bytes(n.disk_free_limit)})${n.disk_free_alarm ? ' — ALARM' : ''}`],
      ['File descriptors', `${num(n.fd_used)} of ${num(n.fd_total)}`],
      ['Processors', num(n.processors)],
      ['Data directory', n.db_dir],
    ]) : h('p.muted', 'Node details need the monitoring tag.'));
    fill(info, facts([
      ['Product', `${o.product_name} ${o.product_version}`],
      ['API level', `RabbitMQ ${o.rabbitmq_version}`],
      ['Runtime', o.erlang_full_version],
      ['Cluster', o.cluster_name],
      ['Listeners', (o.listeners || []).map((l) => `${l.protocol}:${l.port}`).join(', ')],
      ['Exchanges', num(t.exchanges)],
    ]));
  }
  return { refresh };
}
