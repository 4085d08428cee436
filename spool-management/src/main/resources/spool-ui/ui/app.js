// The application shell: login, navigation by hash route (#/queues/%2F/orders), and the 5-second refresh of the page
// on screen. Each page is a module exporting mount(view, params, session) -> {refresh}.

import * as api from './api.js';
import { h, fill, notify, clearNotice } from './dom.js';

const REFRESH_MS = 5000;

const PAGES = [
  // [pattern, module, nav label (null: not in the menu), who sees it in the menu]
  [/^\/?$/, 'overview', 'Overview', () => true],
  [/^\/connections$/, 'connections', 'Connections', () => true],
  [/^\/exchanges$/, 'exchanges', 'Exchanges', () => true],
  [/^\/exchanges\/([^/]+)\/([^/]*)$/, 'exchange', null],
  [/^\/queues$/, 'queues', 'Queues', () => true],
  [/^\/queues\/([^/]+)\/([^/]+)$/, 'queue', null],
  [/^\/users$/, 'users', 'Users', (s) => s.admin],
  [/^\/vhosts$/, 'vhosts', 'Virtual hosts', () => true],
  [/^\/policies$/, 'policies', 'Policies', (s) => s.policymaker],
  [/^\/definitions$/, 'definitions', 'Definitions', (s) => s.admin],
];

let session = null;
let current = null; // {refresh, route}
let timer = null;
let paused = sessionStorage.getItem('spool.paused') === 'true';

const view = document.getElementById('view');

function sessionOf(me) {
  const tags = me.tags || [];
  const admin = tags.includes('administrator');
  return {
    name: me.name,
    tags,
    admin,
    monitoring: admin || tags.includes('monitoring'),
    policymaker: admin || tags.includes('policymaker'),
  };
}

function showLogin(message) {
  session = null;
  stopTimer();
  current = null;
  document.getElementById('top').hidden = true;
  const formEl = document.getElementById('login-template').content.firstElementChild.cloneNode(true);
  fill(view, formEl);
  const error = formEl.querySelector('#login-error');
  error.textContent = message || '';
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(formEl);
    error.textContent = '';
    try {
      const me = await api.login(data.get('username'), data.get('password'));
      start(me);
    } catch (e) {
      error.textContent = loginProblem(e);
    }
  });
  formEl.querySelector('input').focus();
}

/** The API's 401 reasons, said for a person at a login form. */
function loginProblem(e) {
  const reason = e.message.replace(/^\d+ /, '');
  if (e.status !== 401) return `Login failed: ${e.message}`;
  if (reason === 'Login failed') return 'Login failed: wrong username or password.';
  if (reason === 'Not management user') return 'Login failed: this user has no management tag (management, policymaker, monitoring or administrator).';
  return `Login failed: ${reason}.`;
}

function start(me) {
  session = sessionOf(me);
  document.getElementById('top').hidden = false;
  document.getElementById('whoami').textContent = `${session.name} (${session.tags.join(', ') || 'no tags'})`;
  const nav = document.getElementById('nav');
  fill(nav, PAGES.filter(([, , label, visible]) => label && visible(session))
    .map(([, module, label]) => h('a', { href: module === 'overview' ? '#/' : `#/${module}`, 'data-page': module }, label)));
  route();
}

function match(path) {
  for (const [pattern, module] of PAGES) {
    const m = pattern.exec(path);
    if (m) {
      try {
        return { module, params: m.slice(1).map(decodeURIComponent) };
      } catch {
        return null; // a malformed %-escape in a typed address
      }
    }
  }
  return null;
}

async function route() {
  if (!session) return;
  const path = location.hash.replace(/^#/, '') || '/';
  const found = match(path);
  stopTimer();
  if (!found) {
    fill(view, h('section.card', h('h2', 'Not found'), h('p', 'No such page. '), h('a', { href: '#/' }, 'Overview')));
    return;
  }
  const section = found.module.replace(/^queue$/, 'queues').replace(/^exchange$/, 'exchanges');
  const label = (PAGES.find(([, module]) => module === section) || [])[2] || 'Spool';
  document.title = found.params.length ? `${found.params[found.params.length - 1] || '(default)'} · ${label} · Spool`
    : `${label} · Spool`;
  clearNotice();
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.page === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const token = {};
  current = { token };
  const page = await import(`./pages/${found.module}.js`);
  if (current?.token !== token) return; // the user navigated on (or logged out) meanwhile
  const content = h('div.page');
  fill(view, content);
  current.refresh = page.mount(content, found.params, session).refresh;
  await refreshNow();
}

let refreshing = false;
let refreshAgain = false;

/** Refreshes the page on screen now, then every REFRESH_MS unless paused; one refresh runs at a time. */
async function refreshNow() {
  if (refreshing) {
    refreshAgain = true; // asked for during a refresh (an action, a new page): run once more after it
    return;
  }
  stopTimer();
  const active = current;
  if (!active || !active.refresh) return;
  refreshing = true;
  try {
    await active.refresh();
    document.getElementById('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    if (e.status !== 401) notify(e.message, true);
  } finally {
    refreshing = false;
  }
  if (refreshAgain) {
    refreshAgain = false;
    refreshNow();
    return;
  }
  if (active === current && !paused) timer = setTimeout(refreshNow, REFRESH_MS);
}

function stopTimer() {
  clearTimeout(timer);
  timer = null;
}

function showPaused() {
  const button = document.getElementById('refresh-toggle');
  button.textContent = paused ? 'Resume' : 'Pause';
  button.setAttribute('aria-pressed', String(paused));
}

document.getElementById('refresh-toggle').addEventListener('click', () => {
  paused = !paused;
  sessionStorage.setItem('spool.paused', String(paused));
  showPaused();
  if (paused) stopTimer(); else refreshNow();
});
document.getElementById('logout').addEventListener('click', () => {
  api.forget();
  showLogin();
});
window.addEventListener('hashchange', route);
api.whenUnauthorised(() => {
  api.forget();
  showLogin('Your session has ended: log in again.');
});

/** Pages call this after an action so the figures follow at once. */
export function refreshSoon() {
  setTimeout(refreshNow, 150);
}

showPaused();
if (api.credentials()) {
  api.get('/whoami').then(start, () => showLogin());
} else {
  showLogin();
}
