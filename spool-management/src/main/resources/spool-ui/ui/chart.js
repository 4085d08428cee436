// Hand-written SVG line charts for the API's *_details.samples ([{sample, timestamp}], newest first).

import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 170;
const PAD = { left: 48, right: 8, top: 10, bottom: 22 };

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** Points [time, value] oldest first from a gauge's samples (queue depth). */
export function levels(details) {
  const samples = (details && details.samples) || [];
  return samples.map((s) => [s.timestamp, s.sample]).reverse();
}

/** Points [time, per second] oldest first from a counter's samples (the rate between consecutive samples). */
export function rates(details) {
  const points = levels(details);
  const out = [];
  for (let i = 1; i < points.length; i++) {
    const dt = points[i][0] - points[i - 1][0];
    if (dt > 0) out.push([points[i][0], Math.max(0, ((points[i][1] - points[i - 1][1]) * 1000) / dt)]);
  }
  return out;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= v) return step * power;
  }
  return 10 * power;
}

function short(v) {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(v < 10 && v % 1 ? 1 : 0)}`;
}

/**
 * A line chart. series: [{label, points: [[time, value]], cls}] where cls picks the colour (s1..s4);
 * windowMs: the time span on the x axis, ending now (or at the newest point). unit is appended to the legend values.
 */
export function lineChart(title, series, { windowMs = 300_000, unit = '' } = {}) {
  const all = series.flatMap((s) => s.points);
  const end = all.length ? Math.max(...all.map((p) => p[0])) : Date.now();
  const start = end - windowMs;
  const max = niceMax(Math.max(0, ...all.filter((p) => p[0] >= start).map((p) => p[1])));
  const x = (t) => PAD.left + ((t - start) / windowMs) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none' });
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    chart.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    const label = svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' });
    label.textContent = short(v);
    chart.append(label);
  }
  const minutes = Math.round(windowMs / 60000);
  for (const [t, text, anchor] of [[start, `-${minutes}m`, 'start'], [end, 'now', 'end']]) {
    const label = svg('text', { x: x(t), y: H - 6, 'text-anchor': anchor, class: 'axis' });
    label.textContent = text;
    chart.append(label);
  }
  for (const s of series) {
    const points = s.points.filter((p) => p[0] >= start);
    if (points.length === 0) continue;
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    chart.append(svg('path', { d, class: `line ${s.cls}` }));
    if (points.length === 1) chart.append(svg('circle', { cx: x(points[0][0]), cy: y(points[0][1]), r: 3, class: `dot ${s.cls}` }));
  }
  const values = series.map(() => h('strong'));
  const when = h('span.muted');
  const legend = h('ul.legend', series.map((s, i) => h('li', h(`span.swatch.${s.cls}`, { 'aria-hidden': 'true' }),
    `${s.label} `, values[i])), h('li', when));
  const cursor = svg('line', { y1: PAD.top, y2: H - PAD.bottom, class: 'cursor', visibility: 'hidden' });
  chart.append(cursor);

  /** The legend shows the values at time t (the newest when t is null): a pointer over the chart reads it. */
  function readAt(t) {
    series.forEach((s, i) => {
      const points = s.points.filter((p) => p[0] >= start);
      let point = points.length ? points[points.length - 1] : null;
      if (t !== null) {
        for (const p of points) if (Math.abs(p[0] - t) < Math.abs(point[0] - t)) point = p;
      }
      values[i].textContent = point ? `${short(point[1])}${unit}` : '–';
      if (i === 0 && t !== null && point) {
        cursor.setAttribute('x1', x(point[0]));
        cursor.setAttribute('x2', x(point[0]));
      }
    });
    when.textContent = t === null ? '' : `at ${new Date(t).toLocaleTimeString()}`;
    cursor.setAttribute('visibility', t === null ? 'hidden' : 'visible');
  }
  chart.addEventListener('pointermove', (event) => {
    const box = chart.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * W;
    readAt(start + ((px - PAD.left) / (W - PAD.left - PAD.right)) * windowMs);
  });
  chart.addEventListener('pointerleave', () => readAt(null));
  readAt(null);
  return h('figure.chart', h('figcaption', title), chart, legend);
}
