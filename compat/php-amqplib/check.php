<?php
// A small php-amqplib application (Debian's php-amqplib, AMQPStreamConnection with its default settings) checking a
// broker behaves as RabbitMQ does: publish and consume with manual acks and prefetch, publisher confirms and
// mandatory returns, a topic exchange fan-out, dead-lettering, and reconnecting after the broker restarts. One
// PASS/SKIP/FAIL line per step; exits 1 when any step failed.
//
// Environment, the same for every client in compat/ (see compat/README.md): COMPAT_HOST, COMPAT_PORT,
// COMPAT_USER, COMPAT_PASSWORD, COMPAT_RESTART_CMD (restarts the broker on the same port), COMPAT_SKIP (dlx,durable).

declare(strict_types=1);

require_once getenv('PHP_AMQPLIB_AUTOLOAD') ?: '/usr/share/php/PhpAmqpLib/autoload.php';
require_once __DIR__ . '/support.php';

use PhpAmqpLib\Channel\AMQPChannel;
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Exception\AMQPConnectionClosedException;
use PhpAmqpLib\Message\AMQPMessage;
use PhpAmqpLib\Wire\AMQPTable;

const PREFIX = 'compat.php-amqplib.';
const DEAD_LETTER_SKIP = 'needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)';
const DURABLE_SKIP = 'needs messages kept on disk across a restart (durability issue)';
const TOPIC_ROUTES = [
    'order.created' => ['all', 'orders'],
    'order.created.eu' => ['all', 'eu'],
    'payment.done.eu' => ['all', 'eu'],
    'order.shipped.us' => ['all'],
    'order' => ['all'],
    'audit' => ['all'],
];
const TOPIC_BINDINGS = ['all' => ['#'], 'orders' => ['order.*'], 'eu' => ['*.*.eu', 'order.#.eu']];
const DURABLE_QUEUE = PREFIX . 'durable';
const BACKLOG = 5;

function publishConsume(): string
{
    $queue = PREFIX . 'work';
    $messages = 200;
    $prefetch = 10;
    $connection = connect();
    try {
        $channel = $connection->channel();
        $channel->queue_delete($queue);
        $channel->queue_declare($queue, false, false, false, false);
        $ledger = new Ledger('publish-consume');
        for ($i = 0; $i < $messages; $i++) {
            $id = "work-$i";
            $ledger->expect($id);
            $channel->basic_publish(new AMQPMessage($id, ['message_id' => $id]), '', $queue);
        }
        $channel->basic_qos(0, $prefetch, false);
        $state = (object) ['holding' => true, 'held' => [], 'redelivered' => 0];
        $tag = $channel->basic_consume($queue, '', false, false, false, false,
            function (AMQPMessage $message) use ($ledger, $state): void {
                $ledger->record($message->getBody());
                if ($message->isRedelivered()) {
                    $state->redelivered++;
                }
                if ($state->holding) {
                    $state->held[] = $message;
                } else {
                    $message->ack();
                }
            });
        $pump = pumpOf($channel);
        $deadline = microtime(true) + 5;
        while (count($state->held) < $prefetch && microtime(true) < $deadline) {
            $pump();
        }
        if (count($state->held) < $prefetch) {
            throw new CheckFailure(sprintf('with prefetch %d and no ack, got only %d deliveries in 5 s', $prefetch,
                count($state->held)));
        }
        pumpFor(0.3, $pump); // time for a broker that ignores the prefetch limit to send more
        if (count($state->held) !== $prefetch) {
            throw new CheckFailure(sprintf('prefetch %d not respected: %d unacked deliveries', $prefetch,
                count($state->held)));
        }
        $state->holding = false;
        end($state->held)->ack(true);
        $ledger->waitAll(15, $pump);
        pumpFor(0.2, $pump);
        $ledger->verifyExactlyOnce();
        if ($state->redelivered) {
            throw new CheckFailure("{$state->redelivered} first deliveries were flagged redelivered");
        }
        $channel->basic_cancel($tag);
        [, $left] = $channel->queue_declare($queue, true);
        if ($left !== 0) {
            throw new CheckFailure("queue should be empty after every ack, has $left");
        }
        $channel->queue_delete($queue);
    } finally {
        closeQuietly($connection);
    }
    return "$messages messages delivered once each, at most $prefetch unacked with basic_qos($prefetch), queue empty "
        . 'after the acks';
}

function confirms(): string
{
    $queue = PREFIX . 'confirms';
    $messages = 500;
    $connection = connect();
    try {
        $channel = $connection->channel();
        $channel->queue_delete($queue);
        $channel->queue_declare($queue, false, true, false, false);
        $acks = 0;
        $nacks = 0;
        $returned = [];
        $channel->set_ack_handler(function () use (&$acks): void {
            $acks++;
        });
        $channel->set_nack_handler(function () use (&$nacks): void {
            $nacks++;
        });
        $channel->set_return_listener(function ($code, $text, $exchange, $key, AMQPMessage $message) use (&$returned) {
            $returned[] = "$code $text {$message->getBody()}";
        });
        $channel->confirm_select();
        $ledger = new Ledger('confirms');
        for ($i = 0; $i < $messages; $i++) {
            $id = "confirmed-$i";
            $ledger->expect($id);
            $channel->basic_publish(new AMQPMessage($id, ['delivery_mode' => AMQPMessage::DELIVERY_MODE_PERSISTENT]),
                '', $queue);
        }
        $channel->wait_for_pending_acks(10);
        $channel->basic_publish(new AMQPMessage('unroutable', ['delivery_mode' => 2]), '', PREFIX . 'nowhere', true);
        $channel->wait_for_pending_acks_returns(10);
        if ($acks !== $messages + 1 || $nacks !== 0) {
            throw new CheckFailure(sprintf('expected %d acks and no nack, got %d acks, %d nacks', $messages + 1, $acks,
                $nacks));
        }
        if ($returned !== ['312 NO_ROUTE unroutable']) {
            throw new CheckFailure("expected basic.return '312 NO_ROUTE unroutable', got " . json_encode($returned));
        }
        [, $held] = $channel->queue_declare($queue, true, true, false, false);
        if ($held !== $messages) {
            throw new CheckFailure("queue holds $held messages after $messages confirmed publishes");
        }
        $consuming = $connection->channel();
        $consuming->basic_qos(0, 50, false);
        consumeInto($consuming, $queue, $ledger);
        $ledger->waitAll(15, pumpOf($consuming));
        pumpFor(0.2, pumpOf($consuming));
        $ledger->verifyExactlyOnce();
        $channel->queue_delete($queue);
    } finally {
        closeQuietly($connection);
    }
    return "$messages persistent publishes confirmed and consumed once each; mandatory unroutable publish returned "
        . '312 NO_ROUTE and confirmed';
}

function topicFanout(): string
{
    $exchange = PREFIX . 'events';
    $perKey = 10;
    $connection = connect();
    try {
        $channel = $connection->channel();
        $channel->exchange_delete($exchange);
        $channel->exchange_declare($exchange, 'topic', false, false, false);
        $ledgers = [];
        foreach (TOPIC_BINDINGS as $name => $patterns) {
            $queue = "$exchange.$name";
            $ledgers[$name] = new Ledger("queue $name");
            $channel->queue_delete($queue);
            $channel->queue_declare($queue, false, false, false, false);
            foreach ($patterns as $pattern) {
                $channel->queue_bind($queue, $exchange, $pattern);
            }
        }
        $channel->basic_qos(0, 20, false);
        foreach ($ledgers as $name => $ledger) {
            consumeInto($channel, "$exchange.$name", $ledger);
        }
        $publishing = $connection->channel();
        $publishing->confirm_select();
        foreach (TOPIC_ROUTES as $key => $queues) {
            for ($i = 0; $i < $perKey; $i++) {
                $id = "$key#$i";
                foreach ($queues as $name) {
                    $ledgers[$name]->expect($id);
                }
                $publishing->basic_publish(new AMQPMessage($id), $exchange, $key);
            }
        }
        $publishing->wait_for_pending_acks(10);
        foreach ($ledgers as $ledger) {
            $ledger->waitAll(10, pumpOf($channel));
        }
        pumpFor(0.2, pumpOf($channel));
        foreach ($ledgers as $ledger) {
            $ledger->verifyExactlyOnce();
        }
        foreach (array_keys(TOPIC_BINDINGS) as $name) {
            $channel->queue_delete("$exchange.$name");
        }
        $channel->exchange_delete($exchange);
    } finally {
        closeQuietly($connection);
    }
    return sprintf('%d events through a topic exchange reached exactly the queues their keys match '
        . '(#, order.*, *.*.eu + order.#.eu), once each', count(TOPIC_ROUTES) * $perKey);
}

function xDeathSummary(AMQPMessage $message): string
{
    $headers = $message->has('application_headers') ? $message->get('application_headers')->getNativeData() : [];
    $deaths = $headers['x-death'] ?? null;
    if (!$deaths) {
        return 'missing (headers ' . json_encode($headers) . ')';
    }
    return "{$deaths[0]['reason']} {$deaths[0]['queue']} {$deaths[0]['count']}";
}

function deadLetter(): string
{
    $exchange = PREFIX . 'dlx';
    $work = PREFIX . 'dl-work';
    $dead = PREFIX . 'dlq';
    $messages = 30;
    $connection = connect();
    try {
        $channel = $connection->channel();
        $channel->queue_delete($work);
        $channel->queue_delete($dead);
        $channel->exchange_delete($exchange);
        $channel->exchange_declare($exchange, 'fanout', false, false, false);
        $channel->queue_declare($dead, false, false, false, false);
        $channel->queue_bind($dead, $exchange);
        $channel->queue_declare($work, false, false, false, false, false,
            new AMQPTable(['x-dead-letter-exchange' => $exchange]));
        $workLedger = new Ledger('work queue');
        $deadLedger = new Ledger('dead-letter queue');
        for ($i = 0; $i < $messages; $i++) {
            $id = "job-$i";
            $workLedger->expect($id);
            if ($i % 3 !== 2) {
                $deadLedger->expect($id);
            }
            $channel->basic_publish(new AMQPMessage($id), '', $work);
        }
        $badHeaders = [];
        $channel->basic_qos(0, 10, false);
        consumeInto($channel, $work, $workLedger, function (AMQPMessage $message): void {
            $n = (int) explode('-', $message->getBody())[1];
            match ($n % 3) {
                0 => $message->reject(false),
                1 => $message->nack(false),
                default => $message->ack(),
            };
        });
        consumeInto($channel, $dead, $deadLedger, function (AMQPMessage $message) use (&$badHeaders, $work): void {
            $death = xDeathSummary($message);
            if ($death !== "rejected $work 1") {
                $badHeaders[] = "{$message->getBody()}: x-death $death";
            }
            $message->ack();
        });
        $workLedger->waitAll(10, pumpOf($channel));
        $deadLedger->waitAll(10, pumpOf($channel));
        pumpFor(0.2, pumpOf($channel));
        $workLedger->verifyExactlyOnce();
        $deadLedger->verifyExactlyOnce();
        if ($badHeaders) {
            throw new CheckFailure("expected x-death 'rejected $work 1' on every dead letter, got "
                . json_encode(array_slice($badHeaders, 0, 3)));
        }
        $channel->queue_delete($work);
        $channel->queue_delete($dead);
        $channel->exchange_delete($exchange);
    } finally {
        closeQuietly($connection);
    }
    return "20 of $messages messages rejected/nacked without requeue were dead-lettered once each with x-death "
        . "'rejected'; acked ones were not";
}

function reconnect(): string
{
    $queue = PREFIX . 'after-restart';
    $messages = 50;
    $connection = connect();
    $channel = $connection->channel();
    $channel->queue_delete(DURABLE_QUEUE);
    $channel->queue_declare(DURABLE_QUEUE, false, true, false, false);
    $channel->confirm_select();
    for ($i = 0; $i < BACKLOG; $i++) {
        $channel->basic_publish(new AMQPMessage("backlog-$i", ['delivery_mode' => 2]), '', DURABLE_QUEUE);
    }
    $channel->wait_for_pending_acks(10);
    $channel->queue_delete($queue);
    $channel->queue_declare($queue, false, false, false, false);
    consumeInto($channel, $queue, new Ledger('before restart'));

    $restartMs = restartBroker();
    // php-amqplib has no automatic recovery: the application sees the closed connection and connects again.
    $closedWith = null;
    try {
        pumpFor(10, pumpOf($channel));
    } catch (AMQPConnectionClosedException $closed) {
        $closedWith = "{$closed->getCode()} {$closed->getMessage()}";
    } catch (Throwable $error) {
        $closedWith = get_class($error) . ": {$error->getMessage()}";
    }
    if ($closedWith === null) {
        throw new CheckFailure('the old connection still looked open 10 s after the broker restarted');
    }

    $connection = connectWithRetry(40);
    try {
        $channel = $connection->channel();
        $channel->confirm_select();
        $channel->queue_declare($queue, false, false, false, false);
        $channel->basic_qos(0, 10, false);
        $ledger = new Ledger('after restart');
        consumeInto($channel, $queue, $ledger);
        for ($i = 0; $i < $messages; $i++) {
            $id = "after-restart-$i";
            $ledger->expect($id);
            $channel->basic_publish(new AMQPMessage($id, ['delivery_mode' => 2]), '', $queue);
        }
        $channel->wait_for_pending_acks(10);
        $ledger->waitAll(10, pumpOf($channel));
        pumpFor(0.2, pumpOf($channel));
        $ledger->verifyExactlyOnce();
        $channel->queue_delete($queue);
    } finally {
        closeQuietly($connection);
    }
    return "broker restarted in $restartMs ms; php-amqplib saw '$closedWith', connected again, declared again, then "
        . "$messages messages arrived once each";
}

function durableBacklog(): string
{
    $connection = connect();
    try {
        $channel = $connection->channel();
        [, $held] = $channel->queue_declare(DURABLE_QUEUE, true, true, false, false);
        if ($held !== BACKLOG) {
            throw new CheckFailure(sprintf('durable queue holds %d messages after the restart, expected the %d '
                . 'confirmed persistent ones', $held, BACKLOG));
        }
        $ledger = new Ledger('durable-backlog');
        for ($i = 0; $i < BACKLOG; $i++) {
            $ledger->expect("backlog-$i");
        }
        while (($message = $channel->basic_get(DURABLE_QUEUE, true)) !== null) {
            $ledger->record($message->getBody());
        }
        $ledger->verifyExactlyOnce();
        $channel->queue_delete(DURABLE_QUEUE);
    } finally {
        closeQuietly($connection);
    }
    return BACKLOG . ' confirmed persistent messages survived the restart, once each';
}

function durableCleanup(): void
{
    $connection = connect();
    try {
        $connection->channel()->queue_delete(DURABLE_QUEUE);
    } finally {
        closeQuietly($connection);
    }
}

$report = new Report();
$skip = settings()['skip'];
$report->run('publish-consume', 'publishConsume');
$report->run('confirms', 'confirms');
$report->run('topic-fanout', 'topicFanout');
if (in_array('dlx', $skip, true)) {
    $report->skip('dead-letter', DEAD_LETTER_SKIP);
} else {
    $report->run('dead-letter', 'deadLetter');
}
if (settings()['restart'] === '') {
    $report->skip('reconnect', 'COMPAT_RESTART_CMD is not set');
    $report->skip('durable-backlog', 'COMPAT_RESTART_CMD is not set');
} else {
    $restarted = $report->run('reconnect', 'reconnect');
    if (in_array('durable', $skip, true)) {
        $report->skip('durable-backlog', DURABLE_SKIP);
        try {
            durableCleanup();
        } catch (Throwable $error) {
            fwrite(STDERR, 'could not delete ' . DURABLE_QUEUE . ': ' . $error->getMessage() . "\n");
        }
    } elseif ($restarted) {
        $report->run('durable-backlog', 'durableBacklog');
    } else {
        $report->fail('durable-backlog', 'not checked: the reconnect step failed');
    }
}
echo "php-amqplib: {$report->passed} passed, {$report->failed} failed, {$report->skipped} skipped\n";
exit($report->failed ? 1 : 0);
