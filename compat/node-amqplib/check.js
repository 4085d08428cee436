'use strict';
// A small amqplib application checking a broker behaves as RabbitMQ does: publish and consume with manual acks and
// prefetch, publisher confirms (ConfirmChannel) and mandatory returns, a topic exchange fan-out, dead-lettering, and
// reconnecting after the broker restarts (the usual 'close' handler that connects again). One PASS/SKIP/FAIL line
// per step; exits 1 when any step failed.
//
// Environment, the same for every client in compat/ (see compat/README.md): COMPAT_HOST, COMPAT_PORT,
// COMPAT_USER, COMPAT_PASSWORD, COMPAT_RESTART_CMD (restarts the broker on the same port), COMPAT_SKIP (dlx,durable).

const {
  settings, CheckFailure, Ledger, sleep, waitFor, connect, withConnection, consumeInto, restartBroker,
  withRetriedConnection,
} = require('./support');

const PREFIX = 'compat.node-amqplib.';
const DEAD_LETTER_SKIP = 'needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)';
const DURABLE_SKIP = 'needs messages kept on disk across a restart (durability issue)';
const TOPIC_ROUTES = {
  'order.created': ['all', 'orders'],
  'order.created.eu': ['all', 'eu'],
  'payment.done.eu': ['all', 'eu'],
  'order.shipped.us': ['all'],
  order: ['all'],
  audit: ['all'],
};
const TOPIC_BINDINGS = { all: ['#'], orders: ['order.*'], eu: ['*.*.eu', 'order.#.eu'] };

async function publishConsume() {
  const queue = `${PREFIX}work`;
  const messages = 200;
  const prefetch = 10;
  return withConnection(async (connection) => {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.assertQueue(queue, { durable: false });
    const ledger = new Ledger('publish-consume');
    for (let i = 0; i < messages; i++) {
      const id = `work-${i}`;
      ledger.expect(id);
      channel.sendToQueue(queue, Buffer.from(id), { messageId: id });
    }
    await channel.prefetch(prefetch);
    const held = [];
    let holding = true;
    let redelivered = 0;
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (message === null) return;
      ledger.record(message.content.toString());
      if (message.fields.redelivered) redelivered++;
      if (holding) held.push(message);
      else channel.ack(message);
    }, { noAck: false });
    if (!await waitFor(() => held.length >= prefetch, 5000)) {
      throw new CheckFailure(`with prefetch ${prefetch} and no ack, got only ${held.length} deliveries in 5 s`);
    }
    await sleep(300); // time for a broker that ignores the prefetch limit to send more
    if (held.length !== prefetch) {
      throw new CheckFailure(`prefetch ${prefetch} not respected: ${held.length} unacked deliveries`);
    }
    holding = false;
    channel.ack(held[held.length - 1], true);
    await ledger.waitAll(15000);
    await sleep(200);
    ledger.verifyExactlyOnce();
    if (redelivered) throw new CheckFailure(`${redelivered} first deliveries were flagged redelivered`);
    await channel.cancel(consumerTag);
    const { messageCount } = await channel.checkQueue(queue);
    if (messageCount !== 0) throw new CheckFailure(`queue should be empty after every ack, has ${messageCount}`);
    await channel.deleteQueue(queue);
    return `${messages} messages delivered once each, at most ${prefetch} unacked with prefetch(${prefetch}), `
      + 'queue empty after the acks';
  });
}

async function confirms() {
  const queue = `${PREFIX}confirms`;
  const messages = 500;
  return withConnection(async (connection) => {
    const channel = await connection.createConfirmChannel();
    await channel.deleteQueue(queue);
    await channel.assertQueue(queue, { durable: true });
    const returned = [];
    channel.on('return', (message) => returned.push(message));
    const ledger = new Ledger('confirms');
    let nacks = 0;
    for (let i = 0; i < messages; i++) {
      const id = `confirmed-${i}`;
      ledger.expect(id);
      channel.sendToQueue(queue, Buffer.from(id), { persistent: true }, (err) => { if (err) nacks++; });
    }
    await channel.waitForConfirms();
    channel.publish('', `${PREFIX}nowhere`, Buffer.from('unroutable'), { mandatory: true, persistent: true });
    await channel.waitForConfirms();
    await waitFor(() => returned.length > 0, 5000);
    const got = returned.map((m) => `${m.fields.replyCode} ${m.fields.replyText} ${m.content}`).join('; ');
    if (got !== '312 NO_ROUTE unroutable') {
      throw new CheckFailure(`expected basic.return '312 NO_ROUTE unroutable', got '${got}'`);
    }
    if (nacks) throw new CheckFailure(`${nacks} publishes were nacked`);
    const { messageCount } = await channel.checkQueue(queue);
    if (messageCount !== messages) {
      throw new CheckFailure(`queue holds ${messageCount} messages after ${messages} confirmed publishes`);
    }
    const consuming = await connection.createChannel();
    await consuming.prefetch(50);
    await consumeInto(consuming, queue, ledger);
    await ledger.waitAll(15000);
    await sleep(200);
    ledger.verifyExactlyOnce();
    await channel.deleteQueue(queue);
    return `${messages} persistent publishes confirmed and consumed once each; mandatory unroutable publish `
      + 'returned 312 NO_ROUTE and confirmed';
  });
}

async function topicFanout() {
  const exchange = `${PREFIX}events`;
  const perKey = 10;
  return withConnection(async (connection) => {
    const channel = await connection.createChannel();
    await channel.deleteExchange(exchange);
    await channel.assertExchange(exchange, 'topic', { durable: false });
    const ledgers = {};
    for (const [name, patterns] of Object.entries(TOPIC_BINDINGS)) {
      const queue = `${exchange}.${name}`;
      ledgers[name] = new Ledger(`queue ${name}`);
      await channel.deleteQueue(queue);
      await channel.assertQueue(queue, { durable: false });
      for (const pattern of patterns) await channel.bindQueue(queue, exchange, pattern);
    }
    await channel.prefetch(20);
    for (const name of Object.keys(TOPIC_BINDINGS)) await consumeInto(channel, `${exchange}.${name}`, ledgers[name]);
    const publishing = await connection.createConfirmChannel();
    for (const [key, queues] of Object.entries(TOPIC_ROUTES)) {
      for (let i = 0; i < perKey; i++) {
        const id = `${key}#${i}`;
        for (const name of queues) ledgers[name].expect(id);
        publishing.publish(exchange, key, Buffer.from(id));
      }
    }
    await publishing.waitForConfirms();
    for (const ledger of Object.values(ledgers)) await ledger.waitAll(10000);
    await sleep(200);
    for (const ledger of Object.values(ledgers)) ledger.verifyExactlyOnce();
    for (const name of Object.keys(TOPIC_BINDINGS)) await channel.deleteQueue(`${exchange}.${name}`);
    await channel.deleteExchange(exchange);
    return `${Object.keys(TOPIC_ROUTES).length * perKey} events through a topic exchange reached exactly the `
      + 'queues their keys match (#, order.*, *.*.eu + order.#.eu), once each';
  });
}

function xDeathSummary(headers) {
  const deaths = headers && headers['x-death'];
  if (!Array.isArray(deaths) || deaths.length === 0) return `missing (headers ${JSON.stringify(headers)})`;
  return `${deaths[0].reason} ${deaths[0].queue} ${deaths[0].count}`;
}

async function deadLetter() {
  const exchange = `${PREFIX}dlx`;
  const work = `${PREFIX}dl-work`;
  const dead = `${PREFIX}dlq`;
  const messages = 30;
  return withConnection(async (connection) => {
    const channel = await connection.createChannel();
    await channel.deleteQueue(work);
    await channel.deleteQueue(dead);
    await channel.deleteExchange(exchange);
    await channel.assertExchange(exchange, 'fanout', { durable: false });
    await channel.assertQueue(dead, { durable: false });
    await channel.bindQueue(dead, exchange, '');
    await channel.assertQueue(work, { durable: false, deadLetterExchange: exchange });
    const workLedger = new Ledger('work queue');
    const deadLedger = new Ledger('dead-letter queue');
    for (let i = 0; i < messages; i++) {
      const id = `job-${i}`;
      workLedger.expect(id);
      if (i % 3 !== 2) deadLedger.expect(id);
      channel.sendToQueue(work, Buffer.from(id));
    }
    const badHeaders = [];
    await channel.prefetch(10);
    await consumeInto(channel, work, workLedger, (message) => {
      const n = Number(message.content.toString().split('-')[1]);
      if (n % 3 === 0) channel.reject(message, false);
      else if (n % 3 === 1) channel.nack(message, false, false);
      else channel.ack(message);
    });
    await consumeInto(channel, dead, deadLedger, (message) => {
      const death = xDeathSummary(message.properties.headers);
      if (death !== `rejected ${work} 1`) badHeaders.push(`${message.content}: x-death ${death}`);
      channel.ack(message);
    });
    await workLedger.waitAll(10000);
    await deadLedger.waitAll(10000);
    await sleep(200);
    workLedger.verifyExactlyOnce();
    deadLedger.verifyExactlyOnce();
    if (badHeaders.length) {
      throw new CheckFailure(`expected x-death 'rejected ${work} 1' on every dead letter, got `
        + `${JSON.stringify(badHeaders.slice(0, 3))}`);
    }
    await channel.deleteQueue(work);
    await channel.deleteQueue(dead);
    await channel.deleteExchange(exchange);
    return `20 of ${messages} messages rejected/nacked without requeue were dead-lettered once each with x-death `
      + "'rejected'; acked ones were not";
  });
}

const DURABLE_QUEUE = `${PREFIX}durable`;
const BACKLOG = 5;

async function reconnect() {
  const queue = `${PREFIX}after-restart`;
  const messages = 50;
  const connection = await connect();
  const closed = new Promise((resolve) => connection.on('close', (err) => resolve(err || new Error('closed'))));
  connection.on('error', (err) => console.error(`connection error: ${err.stack}`));
  const channel = await connection.createConfirmChannel();
  await channel.deleteQueue(DURABLE_QUEUE);
  await channel.assertQueue(DURABLE_QUEUE, { durable: true });
  for (let i = 0; i < BACKLOG; i++) channel.sendToQueue(DURABLE_QUEUE, Buffer.from(`backlog-${i}`), { persistent: true });
  await channel.waitForConfirms();
  await channel.deleteQueue(queue);
  await channel.assertQueue(queue, { durable: false });
  await consumeInto(channel, queue, new Ledger('before restart'));

  const restartMs = await restartBroker();
  const closedWith = await Promise.race([closed, sleep(10000).then(() => null)]);
  if (!closedWith) throw new CheckFailure('the old connection still looked open 10 s after the broker restarted');

  // amqplib leaves reconnecting to the application: connect again, declare again, consume again.
  return withRetriedConnection(async (again) => {
    const confirmChannel = await again.createConfirmChannel();
    await confirmChannel.assertQueue(queue, { durable: false });
    await confirmChannel.prefetch(10);
    const ledger = new Ledger('after restart');
    await consumeInto(confirmChannel, queue, ledger);
    for (let i = 0; i < messages; i++) {
      const id = `after-restart-${i}`;
      ledger.expect(id);
      confirmChannel.sendToQueue(queue, Buffer.from(id), { persistent: true });
    }
    await confirmChannel.waitForConfirms();
    await ledger.waitAll(10000);
    await sleep(200);
    ledger.verifyExactlyOnce();
    await confirmChannel.deleteQueue(queue);
    return `broker restarted in ${restartMs} ms; amqplib saw '${closedWith.message}', connected again, declared `
      + `again, then ${messages} messages arrived once each`;
  });
}

async function durableBacklog() {
  return withConnection(async (connection) => {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(DURABLE_QUEUE);
    if (messageCount !== BACKLOG) {
      throw new CheckFailure(`durable queue holds ${messageCount} messages after the restart, expected the `
        + `${BACKLOG} confirmed persistent ones`);
    }
    const ledger = new Ledger('durable-backlog');
    for (let i = 0; i < BACKLOG; i++) ledger.expect(`backlog-${i}`);
    for (;;) {
      const message = await channel.get(DURABLE_QUEUE, { noAck: true });
      if (!message) break;
      ledger.record(message.content.toString());
    }
    ledger.verifyExactlyOnce();
    await channel.deleteQueue(DURABLE_QUEUE);
    return `${BACKLOG} confirmed persistent messages survived the restart, once each`;
  });
}

async function durableCleanup() {
  await withConnection(async (connection) => {
    await (await connection.createChannel()).deleteQueue(DURABLE_QUEUE);
  });
}

async function main() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const skip = (step, reason) => {
    counts.skipped++;
    console.log(`SKIP ${step}: ${reason}`);
  };
  const fail = (step, reason) => {
    counts.failed++;
    console.log(`FAIL ${step}: ${reason}`);
  };
  const run = async (step, fn) => {
    const started = Date.now();
    const elapsed = () => ` (${((Date.now() - started) / 1000).toFixed(1)} s)`;
    try {
      const detail = await fn();
      counts.passed++;
      console.log(`PASS ${step}: ${detail}${elapsed()}`);
      return true;
    } catch (err) {
      if (err instanceof CheckFailure) fail(step, err.message + elapsed());
      else {
        fail(step, `client error: ${err && err.message}${elapsed()}`);
        console.error(err);
      }
      return false;
    }
  };
  await run('publish-consume', publishConsume);
  await run('confirms', confirms);
  await run('topic-fanout', topicFanout);
  if (settings.skipped.has('dlx')) skip('dead-letter', DEAD_LETTER_SKIP);
  else await run('dead-letter', deadLetter);
  if (!settings.restartCmd) {
    skip('reconnect', 'COMPAT_RESTART_CMD is not set');
    skip('durable-backlog', 'COMPAT_RESTART_CMD is not set');
  } else {
    const restarted = await run('reconnect', reconnect);
    if (settings.skipped.has('durable')) {
      skip('durable-backlog', DURABLE_SKIP);
      await durableCleanup().catch((err) => console.error(`could not delete ${DURABLE_QUEUE}: ${err.message}`));
    } else if (restarted) await run('durable-backlog', durableBacklog);
    else fail('durable-backlog', 'not checked: the reconnect step failed');
  }
  console.log(`node-amqplib: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(counts.failed ? 1 : 0);
}

if (require.main === module) main();

module.exports = { publishConsume, confirms, topicFanout, deadLetter, reconnect, durableBacklog };
