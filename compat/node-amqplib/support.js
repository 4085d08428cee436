'use strict';
// The parts of check.js that are not steps: settings from the environment, the exactly-once ledger, connecting,
// consuming into a ledger, restarting the broker.

const amqp = require('amqplib');
const { execFile } = require('node:child_process');

const settings = {
  host: process.env.COMPAT_HOST || '127.0.0.1',
  port: Number(process.env.COMPAT_PORT || 5672),
  user: process.env.COMPAT_USER || 'guest',
  password: process.env.COMPAT_PASSWORD || 'guest',
  restartCmd: (process.env.COMPAT_RESTART_CMD || '').trim(),
  skipped: new Set((process.env.COMPAT_SKIP || '').split(',').map((s) => s.trim()).filter(Boolean)),
};
class CheckFailure extends Error {}

/** Counts deliveries per message id, to assert every expected message arrived exactly once and nothing else. */
class Ledger {
  constructor(label) {
    this.label = label;
    this.expected = [];
    this.expectedSet = new Set();
    this.counts = new Map();
    this.unexpected = [];
  }

  expect(id) {
    this.expected.push(id);
    this.expectedSet.add(id);
  }

  record(id) {
    this.counts.set(id, (this.counts.get(id) || 0) + 1);
    if (!this.expectedSet.has(id)) this.unexpected.push(id);
  }

  complete() {
    return this.expected.every((id) => this.counts.has(id));
  }

  async waitAll(timeoutMs) {
    await waitFor(() => this.complete(), timeoutMs);
  }

  verifyExactlyOnce() {
    const missing = this.expected.filter((id) => !this.counts.has(id));
    const duplicated = [...this.counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
    if (missing.length || duplicated.length || this.unexpected.length) {
      throw new CheckFailure(`${this.label}: expected ${this.expected.length} messages once each; missing `
        + `${missing.length}${few(missing)}, duplicated ${duplicated.length}${few(duplicated)}, unexpected `
        + `${this.unexpected.length}${few(this.unexpected)}`);
    }
  }
}

function few(items) {
  return items.length ? ` ${JSON.stringify(items.slice(0, 5))}` : '';
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await sleep(10);
  return predicate();
}

function connect() {
  return amqp.connect({
    protocol: 'amqp', hostname: settings.host, port: settings.port, username: settings.user,
    password: settings.password, vhost: '/',
  }, { timeout: 5000, clientProperties: { connection_name: 'compat node-amqplib' } });
}

async function withConnection(body) {
  const connection = await connect();
  connection.on('error', (err) => console.error(`connection error: ${err.stack}`)); // unhandled, it would end the process
  try {
    return await body(connection);
  } finally {
    await connection.close().catch(() => {});
  }
}

function consumeInto(channel, queue, ledger, settle) {
  return channel.consume(queue, (message) => {
    if (message === null) return; // basic.cancel from the broker: the queue was deleted under the consumer
    ledger.record(message.content.toString());
    if (settle) settle(message);
    else channel.ack(message);
  }, { noAck: false });
}

function restartBroker() {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = execFile('/bin/sh', ['-c', settings.restartCmd], { timeout: 90000 }, (err) => {
      if (err) reject(new CheckFailure(`restart command failed (${err.code || err.signal}): ${settings.restartCmd}`));
      else resolve(Date.now() - started);
    });
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
  });
}

async function connectWithRetry(attempts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(500);
    }
  }
}

async function withRetriedConnection(body) {
  const connection = await connectWithRetry(40);
  connection.on('error', (err) => console.error(`connection error: ${err.stack}`));
  try {
    return await body(connection);
  } finally {
    await connection.close().catch(() => {});
  }
}

module.exports = {
  settings, CheckFailure, Ledger, sleep, waitFor, connect, withConnection, consumeInto, restartBroker,
  withRetriedConnection,
};
