// Users and their permissions (administrator only): add or change a user, delete one, set and clear permissions.

import * as api from '../api.js';
import { refreshSoon } from '../app.js';
import { h, fill, table, form, field, select, section, action } from '../dom.js';

const TAGS = ['', 'management', 'policymaker', 'monitoring', 'administrator'];

export function mount(view, params, session) {
  const users = table([
    { label: 'Name', value: (u) => u.name },
    { label: 'Tags', value: (u) => (u.tags || []).join(', ') },
    { label: 'Password', value: (u) => (u.password_hash ? 'set' : 'none') },
    { label: '', value: () => '', render: (u) => (u.name === session.name ? h('span.muted', 'you')
      : action('Delete', async () => {
        await api.del(`/users/${api.enc(u.name)}`);
        refreshSoon();
        return `User ${u.name} deleted.`;
      }, { confirmText: `Delete user '${u.name}'?`, danger: true })) },
  ], { label: 'Users' });
  const permissions = table([
    { label: 'User', value: (p) => p.user },
    { label: 'Virtual host', value: (p) => p.vhost },
    { label: 'Configure', value: (p) => p.configure },
    { label: 'Write', value: (p) => p.write },
    { label: 'Read', value: (p) => p.read },
    { label: '', value: () => '', render: (p) => action('Clear', async () => {
      await api.del(`/permissions/${api.enc(p.vhost)}/${api.enc(p.user)}`);
      refreshSoon();
      return `Permissions of ${p.user} on ${p.vhost} cleared.`;
    }, { confirmText: `Clear the permissions of '${p.user}' on '${p.vhost}'?`, danger: true }) },
  ], { label: 'Permissions' });
  const userSelect = select('user', [], '');
  const vhostSelect = select('vhost', ['/'], '/');
  const addUser = form('Add or update a user', h('div.inline',
    field('Name', h('input', { name: 'name', required: true, autocomplete: 'off' })),
    field('Password (blank: unchanged)', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' })),
    field('Tag', select('tags', TAGS, 'management'))), 'Save user', async (data) => {
    const body = { tags: data.get('tags') };
    if (data.get('password')) body.password = data.get('password'); // none: an existing user keeps its password
    await api.put(`/users/${api.enc(data.get('name'))}`, body);
    refreshSoon();
    return `User ${data.get('name')} saved.`;
  });
  const setPermission = form('Set permissions', h('div.inline',
    field('User', userSelect), field('Virtual host', vhostSelect),
    field('Configure', h('input', { name: 'configure', value: '.*' })),
    field('Write', h('input', { name: 'write', value: '.*' })),
    field('Read', h('input', { name: 'read', value: '.*' }))), 'Set permissions', async (data) => {
    await api.put(`/permissions/${api.enc(data.get('vhost'))}/${api.enc(data.get('user'))}`, {
      configure: data.get('configure'), write: data.get('write'), read: data.get('read'),
    });
    refreshSoon();
    return `Permissions of ${data.get('user')} on ${data.get('vhost')} set.`;
  });
  fill(view, h('div.title', h('h1', 'Users and permissions')),
    h('div.grid', section('Users', users.el), addUser),
    h('div.grid', section('Permissions', permissions.el), setPermission));

  async function refresh() {
    const [u, p, v] = await Promise.all([api.get('/users'), api.get('/permissions'), api.get('/vhosts')]);
    users.update(u);
    permissions.update(p);
    keepSelection(userSelect, u.map((x) => x.name));
    keepSelection(vhostSelect, v.map((x) => x.name));
  }
  return { refresh };
}

/** Refills a select's options without losing what the user picked. */
export function keepSelection(selectEl, values) {
  const picked = selectEl.value;
  const now = [...selectEl.options].map((o) => o.value);
  if (now.length === values.length && now.every((x, i) => x === values[i])) return;
  fill(selectEl, values.map((v) => h('option', { value: v, selected: v === picked }, v)));
}
