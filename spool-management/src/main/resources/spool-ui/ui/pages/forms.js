// Parsing of the form fields several pages share.

/** JSON object text (blank: {}) to an object; throws an Error naming the problem. */
export function parseArguments(text) {
  const trimmed = (text || '').trim();
  if (!trimmed) return {};
  let value;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    throw new Error(`arguments are not valid JSON: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('arguments must be a JSON object');
  }
  return value;
}

/** "key=value" lines (or a JSON object) to message properties.headers. */
export function parseHeaders(text) {
  const trimmed = (text || '').trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) return parseArguments(trimmed);
  const headers = {};
  for (const line of trimmed.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`header line "${line}" is not key=value`);
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}
