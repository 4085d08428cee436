// The two charts several pages show: message rates and queue depth, from an object carrying RabbitMQ's
// message_stats and messages*_details with samples (requested with ?msg_rates_age=S&lengths_age=S).

import { lineChart, levels, rates } from '../chart.js';

/** Adds rate series point by point (same timestamps: the samples come from one sampler pass). */
function sum(...series) {
  const nonEmpty = series.filter((s) => s.length);
  if (nonEmpty.length === 0) return [];
  const base = nonEmpty.reduce((a, b) => (a.length >= b.length ? a : b));
  const byTime = new Map(base.map(([t]) => [t, 0]));
  for (const s of nonEmpty) for (const [t, v] of s) if (byTime.has(t)) byTime.set(t, byTime.get(t) + v);
  return [...byTime.entries()];
}

export function ratesChart(stats, windowMs) {
  const m = stats || {};
  const delivered = sum(rates(m.deliver_details), rates(m.deliver_no_ack_details), rates(m.get_details),
    rates(m.get_no_ack_details));
  return lineChart('Message rates', [
    { label: 'publish', points: rates(m.publish_details), cls: 's1' },
    { label: 'deliver / get', points: delivered, cls: 's2' },
    { label: 'ack', points: rates(m.ack_details), cls: 's3' },
    { label: 'redeliver', points: rates(m.redeliver_details), cls: 's4' },
  ], { windowMs, unit: '/s' });
}

export function depthChart(totals, windowMs) {
  const q = totals || {};
  return lineChart('Queued messages', [
    { label: 'total', points: levels(q.messages_details), cls: 's1' },
    { label: 'ready', points: levels(q.messages_ready_details), cls: 's2' },
    { label: 'unacked', points: levels(q.messages_unacknowledged_details), cls: 's3' },
  ], { windowMs });
}
