// Policies (policymaker or administrator): list, set (add or replace by name), clear.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, table, form, field, select, section, action } from '../dom.js';
import { parseArguments } from './forms.js';
import { keepSelection } from './users.js';

export function mount(view) {
  const list = table([
    { label: 'Name', value: (p) => p.name },
    { label: 'Virtual host', value: (p) => p.vhost },
    { label: 'Pattern', value: (p) => p.pattern },
    { label: 'Apply to', value: (p) => p['apply-to'] },
    { label: 'Definition', value: (p) => JSON.stringify(p.definition || {}) },
    { label: 'Priority', value: (p) => p.priority, num: true },
    { label: '', value: () => '', render: (p) => action('Clear', async () => {
      await api.del(`/policies/${api.enc(p.vhost)}/${api.enc(p.name)}`);
      refreshSoon();
      return `Policy ${p.name} cleared.`;
    }, { confirmText: `Clear policy '${p.name}'?`, danger: true }) },
  ], { label: 'Policies', empty: 'No policies.' });
  const vhostSelect = select('vhost', ['/'], '/');
  const set = form('Set a policy', [h('div.inline',
    field('Virtual host', vhostSelect),
    field('Name', h('input', { name: 'name', required: true })),
    field('Pattern (regex on names)', h('input', { name: 'pattern', required: true, value: '^' })),
    field('Apply to', select('apply-to', ['all', 'queues', 'classic_queues', 'exchanges'], 'queues')),
    field('Priority', h('input', { name: 'priority', type: 'number', value: 0 }))),
  field('Definition (JSON, e.g. {"max-length": 1000, "message-ttl": 60000})',
    h('textarea', { name: 'definition', rows: 3, required: true }))], 'Set policy', async (data) => {
    await api.put(`/policies/${api.enc(data.get('vhost'))}/${api.enc(data.get('name'))}`, {
      pattern: data.get('pattern'), 'apply-to': data.get('apply-to'), priority: Number(data.get('priority') || 0),
      definition: parseArguments(data.get('definition')),
    });
    refreshSoon();
    return `Policy ${data.get('name')} set.`;
  });
  fill(view, h('div.title', h('h1', 'Policies')), section('Policies', list.el), set);

  async function refresh() {
    const [p, v] = await Promise.all([api.get('/policies'), api.get('/vhosts')]);
    list.update(p);
    keepSelection(vhostSelect, v.map((x) => x.name));
  }
  return { refresh };
}
