// The management API as the UI uses it: requests with the logged-in user's Basic credentials, answers as JSON.
// Credentials live in sessionStorage (gone when the tab closes), as RabbitMQ's own UI keeps them.

const KEY = 'spool.credentials';

/** An API error with the HTTP status and RabbitMQ's reason text. */
export class ApiError extends Error {
  constructor(status, reason) {
    super(reason);
    this.status = status;
  }
}

let onUnauthorised = () => {};

/** Called when an authenticated request gets 401 (password changed, user deleted): the app shows the login form. */
export function whenUnauthorised(callback) {
  onUnauthorised = callback;
}

export function credentials() {
  return sessionStorage.getItem(KEY);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Checks the credentials with /api/whoami and keeps them when they work; returns {name, tags}. */
export async function login(user, password) {
  const token = basic(user, password);
  const me = await request('GET', '/whoami', undefined, { token });
  sessionStorage.setItem(KEY, token);
  return me;
}

/** Encodes one path segment (vhost "/" is "%2F"). */
export const enc = encodeURIComponent;

/**
 * One API request. path is relative to /api; body is sent as JSON unless it is FormData; options.headers are added,
 * options.token replaces the stored credentials. Resolves to the parsed JSON, or null for an empty answer; rejects
 * with ApiError. The X-Requested-With header tells the API not to send WWW-Authenticate with a 401, so the browser
 * never opens its own login dialog over the UI's form.
 */
export async function request(method, path, body, options = {}) {
  const token = options.token ?? credentials();
  const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json', ...(options.headers || {}) };
  if (token) headers.Authorization = `Basic ${token}`;
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, `cannot reach the broker (${e.message})`);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const reason = json && (json.reason || json.error) ? (json.reason || json.error) : response.statusText;
    if (response.status === 401 && token && token === credentials()) onUnauthorised();
    throw new ApiError(response.status, `${response.status} ${reason}`);
  }
  return json;
}

export const get = (path) => request('GET', path);
export const put = (path, body) => request('PUT', path, body ?? {});
export const post = (path, body) => request('POST', path, body ?? {});
export const del = (path) => request('DELETE', path);

/**
 * Whether the API has a route at path (for endpoints that not every broker version has). An OPTIONS request is
 * answered 405 when the path has routes for other methods and 404 when it has none, and changes nothing.
 */
export async function routeExists(path) {
  try {
    await request('OPTIONS', path);
    return true;
  } catch (e) {
    return e.status === 405;
  }
}
