// Drives the management web UI in headless Chromium, as a person would:
//
//   node ui.test.mjs BASE_URL QUEUE READY_COUNT MONITOR_USER MONITOR_PASSWORD [SCREENSHOT_DIR]
//
// The queue must exist with READY_COUNT ready messages (the JUnit side publishes them with amqp-client), QUEUE-dlq
// with 2 messages and QUEUE-work empty, and a connection named ui-test-client must be open. Steps: a wrong password
// shows an error; guest logs in, closes that connection, sees the queue with its depth in the queue list, opens it,
// peeks (depth unchanged), purges it (depth 0), publishes one message from the page (depth 1), exports the
// definitions (a download listing the queue), imports a file declaring QUEUE-imported, and, where the broker has
// redrive, moves the messages of QUEUE-dlq to QUEUE-work (printing "redrive: available" or "redrive: unavailable");
// the monitoring user, who has no permissions on the vhost, sees no Users page and gets a refusal, not a purge, when
// it presses Purge.
// Exit status 0 when every step passed; otherwise 1, with the failed step, and a screenshot in SCREENSHOT_DIR.

import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const [baseUrl, queue, readyText, monitorUser, monitorPassword, screenshots] = process.argv.slice(2);
if (!monitorPassword) {
  console.error('usage: node ui.test.mjs BASE_URL QUEUE READY_COUNT MONITOR_USER MONITOR_PASSWORD [SCREENSHOT_DIR]');
  process.exit(2);
}
const ready = Number(readyText);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 20_000; // generous: CI machines can be busy

let step = 'launching Chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Playwright gives Chromium a fresh temporary profile. Nothing outside localhost is reachable on CI machines, so
  // every background fetch (updates, sync, QUIC probes) is turned off rather than left to fail.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
context.setDefaultTimeout(STEP_TIMEOUT);
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// API refusals are part of the scenario (401, 403, the 404 of an optional endpoint); a missing asset is not.
page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`); });
page.on('response', (r) => { if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) problems.push(`${r.status()} for ${r.url()}`); });
page.on('dialog', (d) => d.accept()); // confirm() before purge

function expect(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

async function login(user, password) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function depthIs(n) {
  await page.locator('#queue-depth').filter({ hasText: new RegExp(`^${n}$`) }).waitFor();
}

const queuePage = `${baseUrl}/#/queues/${encodeURIComponent('/')}/${encodeURIComponent(queue)}`;

try {
  step = 'opening the UI';
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Log in' }).waitFor();

  step = 'logging in with a wrong password';
  await login('guest', 'not-the-password');
  await page.getByRole('alert').filter({ hasText: 'Login failed' }).waitFor();
  expect(await page.locator('#top').isHidden(), 'the navigation to stay hidden after a failed login');

  step = 'logging in as guest';
  await login('guest', 'guest');
  await page.locator('#whoami').filter({ hasText: 'guest' }).waitFor();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.locator('figure.chart svg').first().waitFor();

  step = 'closing the test\'s connection';
  await page.getByRole('link', { name: 'Connections', exact: true }).click();
  await page.getByLabel('Filter Connections').fill('ui-test-client');
  const connection = page.locator('tbody tr').filter({ hasText: 'ui-test-client' });
  await connection.getByRole('button', { name: 'Close' }).click(); // the prompt for a reason is accepted as it is
  await page.locator('#notice').filter({ hasText: 'closed' }).waitFor();
  await connection.waitFor({ state: 'detached' });

  step = 'finding the queue in the queue list';
  await page.getByRole('link', { name: 'Queues', exact: true }).click();
  await page.getByRole('heading', { name: 'Queues', exact: true }).waitFor();
  await page.getByLabel('Filter Queues').fill(queue);
  const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: queue, exact: true }) });
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  expect(cells[5] === String(ready), `${ready} ready messages in the queue list, found row ${JSON.stringify(cells)}`);

  step = 'opening the queue';
  await row.getByRole('link', { name: queue, exact: true }).click();
  await page.getByRole('heading', { name: queue, exact: true }).waitFor();
  await depthIs(ready);

  step = 'peeking';
  await page.getByRole('button', { name: 'Peek' }).click();
  await page.locator('article.message').nth(ready - 1).waitFor();
  expect(await page.locator('article.message').count() === ready, `${ready} peeked messages`);
  await page.locator('article.message pre').filter({ hasText: 'ui test message 1' }).waitFor();
  await page.getByRole('button', { name: 'Pause' }).click(); // a refresh now must not change anything either
  await page.getByRole('button', { name: 'Resume' }).click();
  await depthIs(ready);

  step = 'purging';
  await page.getByRole('button', { name: 'Purge' }).click();
  await page.locator('#notice').filter({ hasText: 'purged' }).waitFor();
  await depthIs(0);

  step = 'publishing from the UI';
  await page.getByLabel('Payload').fill('published from the browser');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText('Message published.').waitFor();
  await depthIs(1);

  step = 'exporting definitions';
  await page.getByRole('link', { name: 'Definitions', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(exported.queues.some((q) => q.name === queue), `the export to list queue ${queue}`);

  step = 'importing definitions';
  const imported = `${queue}-imported`;
  await page.getByLabel('Definitions file').setInputFiles({ name: 'definitions.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ queues: [{ name: imported, vhost: '/', durable: true, auto_delete: false, arguments: {} }] })) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText('Imported 1 queues from definitions.json.').waitFor();
  await page.getByRole('link', { name: 'Queues', exact: true }).click();
  await page.getByRole('link', { name: imported, exact: true }).waitFor();

  step = 'redriving (where the broker has redrive)';
  await page.goto(`${baseUrl}/#/queues/${encodeURIComponent('/')}/${encodeURIComponent(`${queue}-dlq`)}`);
  const redrive = await page.locator('[data-redrive]').getAttribute('data-redrive');
  if (redrive === 'available') {
    await page.getByLabel('Target queue (blank: from headers)').fill(`${queue}-work`);
    await page.getByRole('button', { name: 'Start redrive' }).click();
    await page.getByText(/Latest redrive: done, 2 moved/).waitFor();
    await depthIs(0);
  }
  console.log(`redrive: ${redrive}`);

  step = 'logging out';
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();

  step = `logging in as ${monitorUser} (monitoring, no permissions)`;
  await login(monitorUser, monitorPassword);
  await page.locator('#whoami').filter({ hasText: monitorUser }).waitFor();
  expect(await page.getByRole('link', { name: 'Users', exact: true }).count() === 0, 'no Users page for a monitoring user');
  await page.getByRole('link', { name: 'Queues', exact: true }).waitFor();

  step = 'pressing Purge as the monitoring user';
  await page.goto(queuePage);
  await depthIs(1);
  const purge = page.getByRole('button', { name: 'Purge' });
  if (await purge.count() > 0 && await purge.isEnabled()) {
    await purge.click();
    await page.locator('#notice.error').filter({ hasText: '403' }).waitFor();
  }
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await depthIs(1);

  expect(problems.length === 0, `no script errors, got ${problems.join('; ')}`);
  console.log('ui test: every step passed');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error(`ui test failed while ${step}: ${e.message}`);
  if (problems.length) console.error(problems.join('\n'));
  if (screenshots) {
    const file = `${screenshots}/ui-test-failure.png`;
    await page.screenshot({ path: file, fullPage: true }).then(() => console.error(`screenshot: ${file}`), () => {});
  }
  await browser.close();
  process.exit(1);
}
