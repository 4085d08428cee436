// Definitions (administrator): export everything (or one virtual host) as a JSON download, import a file.

import * as api from '../api.js';
import { h, fill, form, field, section } from '../dom.js';

export function mount(view) {
  const vhostSelect = h('select', { name: 'vhost' }, h('option', { value: '' }, 'all virtual hosts'));
  const exportForm = form('Export', field('Scope', vhostSelect), 'Download', async (data) => {
    const vhost = data.get('vhost');
    const body = await api.get(vhost ? `/definitions/${api.enc(vhost)}` : '/definitions');
    const blob = new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: fileName(vhost) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return `Exported ${count(body)}.`;
  });
  const importForm = form('Import', [
    field('Definitions file (RabbitMQ JSON)', h('input', { name: 'file', type: 'file', accept: '.json,application/json', required: true })),
    h('p.muted', 'Applied in order (virtual hosts, users, permissions, policies, queues, exchanges, bindings); '
      + 'the import stops at the first error and keeps what came before it.')], 'Upload', async (data) => {
    const file = data.get('file');
    let body;
    try {
      body = JSON.parse(await file.text());
    } catch (e) {
      throw new Error(`${file.name} is not JSON: ${e.message}`);
    }
    await api.post('/definitions', body);
    return `Imported ${count(body)} from ${file.name}.`;
  });
  fill(view, h('div.title', h('h1', 'Definitions')),
    h('p.muted', 'Users, virtual hosts, permissions, policies, queues, exchanges and bindings in RabbitMQ\'s format.'),
    h('div.grid', exportForm, importForm));

  async function refresh() {
    const vhosts = await api.get('/vhosts');
    const all = [...vhostSelect.options].map((o) => o.value).slice(1);
    if (all.join('\n') !== vhosts.map((v) => v.name).join('\n')) {
      const picked = vhostSelect.value;
      fill(vhostSelect, h('option', { value: '' }, 'all virtual hosts'),
        vhosts.map((v) => h('option', { value: v.name, selected: v.name === picked }, v.name)));
    }
  }
  return { refresh };
}

function fileName(vhost) {
  const date = new Date().toISOString().slice(0, 10);
  return vhost ? `spool-definitions-${vhost.replace(/[^A-Za-z0-9_-]/g, '_') || 'default'}-${date}.json`
    : `spool-definitions-${date}.json`;
}

function count(body) {
  const parts = ['queues', 'exchanges', 'bindings', 'users', 'vhosts', 'policies']
    .filter((k) => Array.isArray(body[k])).map((k) => `${body[k].length} ${k}`);
  return parts.join(', ') || 'nothing';
}
