// Shared message widgets: the publish form and the rendering of messages taken or peeked from a queue.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, num, age, form, field, select } from '../dom.js';
import { parseHeaders } from './forms.js';

/** A publish form for an exchange (fixedKey: the routing key, for the default exchange on a queue's page). */
export function publishForm(vhost, exchange, fixedKey) {
  const fields = [
    h('div.inline',
      fixedKey === undefined ? field('Routing key', h('input', { name: 'routing_key' })) : null,
      field('Delivery mode', select('delivery_mode', ['2 - persistent', '1 - transient'], '2 - persistent')),
      field('Content type', h('input', { name: 'content_type', placeholder: 'text/plain' }))),
    field('Headers (key=value per line, or JSON)', h('textarea', { name: 'headers', rows: 2 })),
    field('Payload', h('textarea', { name: 'payload', rows: 4, 'aria-label': 'Payload' })),
  ];
  return form('Publish a message', fields, 'Publish', async (data) => {
    const properties = { delivery_mode: Number(data.get('delivery_mode')[0]) };
    const headers = parseHeaders(data.get('headers'));
    if (headers) properties.headers = headers;
    if (data.get('content_type')) properties.content_type = data.get('content_type');
    const name = exchange === '' ? 'amq.default' : exchange;
    const result = await api.post(`/exchanges/${api.enc(vhost)}/${api.enc(name)}/publish`, {
      routing_key: fixedKey ?? data.get('routing_key') ?? '', payload: data.get('payload') ?? '',
      payload_encoding: 'string', properties,
    });
    refreshSoon();
    return result && result.routed ? 'Message published.' : 'Message published but not routed to any queue.';
  });
}

/** One message as get or peek returns it; onDelete (optional) adds a button that drops it. */
export function messageView(m, index, onDelete) {
  const props = Object.entries(m.properties || {}).filter(([k]) => k !== 'headers');
  const headers = (m.properties && m.properties.headers) || {};
  return h('article.message', { 'aria-label': `Message ${index + 1}` },
    h('div.title',
      h('strong', `#${index + 1}`),
      m.age_ms !== undefined ? h('span.muted', `age ${age(m.age_ms)}`) : null,
      h('span.muted', `exchange ${m.exchange === '' ? '(default)' : m.exchange}, routing key ${m.routing_key}`),
      m.redelivered ? h('span.pill.warn', 'redelivered') : null,
      m.message_count !== undefined ? h('span.muted', `${num(m.message_count)} left`) : null,
      onDelete ? h('button.danger', { type: 'button', onclick: onDelete }, 'Drop') : null),
    props.length || Object.keys(headers).length ? h('div.muted',
      [...props, ...Object.entries(headers)].map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(' · ')) : null,
    h('pre', { 'data-encoding': m.payload_encoding }, m.payload));
}
