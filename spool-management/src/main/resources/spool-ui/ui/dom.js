// Small DOM helpers shared by the pages: an element builder (text only, never HTML from data), formatters, a sortable
// and filterable table that keeps its state across refreshes, forms and notices.

/** h('tag.class#id', {attr: value, onclick: fn}, ...children): children are nodes or text. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...rest] = spec.split(/(?=[.#])/);
  const el = document.createElement(tag || 'div');
  for (const part of rest) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs === null || typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function num(n) {
  if (n === null || n === undefined) return '–';
  return Number(n).toLocaleString('en');
}

export function rate(n) {
  if (n === null || n === undefined) return '–';
  const v = Number(n);
  return `${v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(v === 0 ? 0 : 1)}/s`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Milliseconds as a short age: 850ms, 12s, 4m 10s, 3h 2m, 2d 4h. */
export function age(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export function dig(obj, path) {
  return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

/** A link to a hash route. */
export function link(href, text) {
  return h('a', { href }, text);
}

/**
 * A table sortable by clicking a header and filterable by a text box (substring or /regex/).
 * columns: [{label, value: row => sortable value, render?: row => node or text, num?: true}].
 * Returns {el, update(rows)}; sort and filter survive updates.
 */
export function table(columns, { filterable = true, empty = 'Nothing here.', label = 'table', initialSort = 0 } = {}) {
  let rows = [];
  let sortIndex = initialSort;
  let descending = false;
  const filterBox = h('input', { type: 'search', placeholder: 'Filter (text or /regex/)', 'aria-label': `Filter ${label}` });
  const count = h('span.muted');
  const head = h('tr');
  const body = h('tbody');
  const tableEl = h('table', { 'aria-label': label }, h('thead', head), body);
  columns.forEach((column, i) => {
    const button = h('button.sort', { type: 'button', onclick: () => {
      if (sortIndex === i) descending = !descending; else { sortIndex = i; descending = !!column.num; }
      draw();
    } }, column.label);
    head.append(h('th', { class: column.num ? 'num' : '', scope: 'col' }, button));
  });
  filterBox.addEventListener('input', () => draw());

  function matcher() {
    const text = filterBox.value.trim();
    if (!text) return () => true;
    const re = /^\/(.+)\/$/.exec(text);
    if (re) {
      try {
        const r = new RegExp(re[1], 'i');
        return (row) => r.test(String(columns[0].value(row)));
      } catch { /* not a regex yet: match as text */ }
    }
    const lower = text.toLowerCase();
    return (row) => columns.some((c) => String(c.value(row) ?? '').toLowerCase().includes(lower));
  }

  function draw() {
    const keep = matcher();
    const shown = rows.filter(keep);
    const column = columns[sortIndex];
    shown.sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = x === y ? 0 : x === null || x === undefined ? -1 : y === null || y === undefined ? 1
        : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    head.querySelectorAll('th').forEach((th, i) => {
      th.setAttribute('aria-sort', i === sortIndex ? (descending ? 'descending' : 'ascending') : 'none');
    });
    fill(body, shown.length === 0
      ? h('tr', h('td.empty', { colSpan: columns.length }, rows.length === 0 ? empty : 'No match.'))
      : shown.map((row) => h('tr', columns.map((c) => h('td', { class: c.num ? 'num' : '' },
        c.render ? c.render(row) : c.value(row) ?? '–')))));
    count.textContent = shown.length === rows.length ? `${rows.length}` : `${shown.length} of ${rows.length}`;
  }

  const el = h('div.table', filterable ? h('div.tools', filterBox, count) : null, h('div.scroll', tableEl));
  return { el, update(next) { rows = next || []; draw(); } };
}

/**
 * A labelled form field. The control also gets the label as its aria-label: a select's name would otherwise include
 * its current option ("Tag management").
 */
export function field(label, input) {
  if (!input.hasAttribute('aria-label')) input.setAttribute('aria-label', label);
  return h('label.field', h('span', label), input);
}

/** A form whose submit runs action(form data) and reports the outcome next to the button. */
export function form(title, fields, submitLabel, action, { danger = false } = {}) {
  const status = h('span.status', { role: 'status' });
  const button = h(`button${danger ? '.danger' : ''}`, { type: 'submit' }, submitLabel);
  const el = h('form.card', title ? h('h3', title) : null, fields, h('div.actions', button, status));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.className = 'status';
    status.textContent = '…';
    try {
      const message = await action(new FormData(el));
      status.textContent = message || 'Done.';
      status.classList.add('ok');
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** A button that runs an action (after a confirmation if asked) and shows its outcome in a notice. */
export function action(label, run, { confirmText, danger = false, title } = {}) {
  return h(`button${danger ? '.danger' : ''}`, { type: 'button', title, onclick: async (event) => {
    if (confirmText && !window.confirm(confirmText)) return;
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const message = await run();
      notify(message || `${label}: done.`);
    } catch (e) {
      notify(`${label}: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  } }, label);
}

/** A short message in the notice area (errors stay until the next one). */
export function notify(text, error = false) {
  const area = document.getElementById('notice');
  area.className = error ? 'error' : 'ok';
  area.textContent = text;
  clearTimeout(notify.timer);
  if (!error) notify.timer = setTimeout(() => { area.textContent = ''; area.className = ''; }, 6000);
}

/**
 * Clears an error notice (a new page starts without the last page's error); a success notice stays for its few
 * seconds, as it often reports what led to the new page (a deleted queue).
 */
export function clearNotice() {
  const area = document.getElementById('notice');
  if (area.className !== 'error') return;
  area.textContent = '';
  area.className = '';
}

/** A key/value list. */
export function facts(pairs) {
  return h('dl.facts', pairs.filter(Boolean).map(([k, v]) => [h('dt', k), h('dd', v ?? '–')]));
}

/** A select element. */
export function select(name, options, value) {
  return h('select', { name }, options.map((o) => h('option', { value: o, selected: o === value }, o)));
}

export function section(title, ...children) {
  return h('section.card', h('h2', title), children);
}
