// Virtual hosts: the list with their message totals; administrators add and delete them.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, num, table, form, field, section, action } from '../dom.js';

export function mount(view, params, session) {
  const columns = [
    { label: 'Name', value: (v) => v.name },
    { label: 'Description', value: (v) => v.description || '' },
    { label: 'Tags', value: (v) => (v.tags || []).join(', ') },
    { label: 'Messages', value: (v) => v.messages ?? null, num: true, render: (v) => num(v.messages) },
    { label: 'Ready', value: (v) => v.messages_ready ?? null, num: true, render: (v) => num(v.messages_ready) },
    { label: 'Unacked', value: (v) => v.messages_unacknowledged ?? null, num: true,
      render: (v) => num(v.messages_unacknowledged) },
  ];
  if (session.admin) {
    columns.push({ label: '', value: () => '', render: (v) => (v.name === '/' ? '' : action('Delete', async () => {
      await api.del(`/vhosts/${api.enc(v.name)}`);
      refreshSoon();
      return `Virtual host ${v.name} deleted.`;
    }, { confirmText: `Delete virtual host '${v.name}' with all its queues and exchanges?`, danger: true })) });
  }
  const list = table(columns, { label: 'Virtual hosts' });
  const add = session.admin ? form('Add a virtual host', h('div.inline',
    field('Name', h('input', { name: 'name', required: true })),
    field('Description', h('input', { name: 'description' })),
    field('Tags (comma-separated)', h('input', { name: 'tags' }))), 'Add virtual host', async (data) => {
    await api.put(`/vhosts/${api.enc(data.get('name'))}`, { description: data.get('description') || '', tags: data.get('tags') || '' });
    refreshSoon();
    return `Virtual host ${data.get('name')} added.`;
  }) : null;
  fill(view, h('div.title', h('h1', 'Virtual hosts')), section('Virtual hosts', list.el), add);

  async function refresh() {
    list.update(await api.get('/vhosts'));
  }
  return { refresh };
}
