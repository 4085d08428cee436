// Redrive on a queue's page: moving a dead-letter queue's messages back to the queues they died in (from their
// x-death headers) or to a chosen queue, at a bounded rate, as a job the broker runs (POST / GET / DELETE
// {queue}/actions/redrive). Shown only when the broker has that endpoint.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, num, form, field, action } from '../dom.js';

let available; // whether the broker has the endpoint: probed once per page load

/** {el, refresh}: el stays empty on a broker without redrive. */
export function redrivePanel(path, name) {
  const el = h('div');
  const status = h('p', { role: 'status' });
  let built = false;

  function build() {
    const start = form('Redrive', [
      h('p.muted', 'Moves this queue\'s ready messages back to the queue each one was dead-lettered from '
        + '(its x-death header), or to the target queue if one is given.'),
      h('div.inline',
        field('Rate (messages/s)', h('input', { name: 'rate', type: 'number', min: 1, max: 100000, value: 100 })),
        field('At most (blank: all ready)', h('input', { name: 'max', type: 'number', min: 0 })),
        field('Target queue (blank: from headers)', h('input', { name: 'target' }))),
      status], 'Start redrive', async (data) => {
      const body = { rate: Number(data.get('rate') || 100) };
      if (data.get('max')) body.max = Number(data.get('max'));
      if (data.get('target')) body.target = data.get('target');
      const job = await api.post(`${path}/actions/redrive`, body);
      show(job);
      refreshSoon();
      return `Redrive of ${name} started.`;
    });
    fill(el, start);
  }

  function show(job) {
    if (!job) {
      fill(status, h('span.muted', 'No redrive has run on this queue since the broker started.'));
      return;
    }
    fill(status, `Latest redrive: ${job.state}, ${num(job.moved)} moved, ${num(job.skipped)} skipped`
      + `${job.target ? ` to ${job.target}` : ''}${job.failure ? ` (${job.failure})` : ''}. `,
    job.state === 'running' ? action('Stop', async () => {
      await api.del(`${path}/actions/redrive`);
      refreshSoon();
      return 'Redrive stopped.';
    }, { danger: true }) : null);
  }

  async function refresh() {
    if (available === undefined) available = await api.routeExists(`${path}/actions/redrive`);
    el.dataset.redrive = available ? 'available' : 'unavailable';
    if (!available) return;
    if (!built) {
      build();
      built = true;
    }
    try {
      show(await api.get(`${path}/actions/redrive`));
    } catch (e) {
      if (e.status === 404) show(null); else throw e;
    }
  }
  return { el, refresh };
}
