#!/usr/bin/python3
"""A small kombu application (Debian's python3-kombu on py-amqp) checking a broker behaves as RabbitMQ does: publish
and consume with manual acks and prefetch, publisher confirms (transport option confirm_publish) and mandatory
returns, a topic exchange fan-out, dead-lettering, and kombu's own reconnect-and-retry after the broker restarts.
Messages are JSON, kombu's default serializer. One PASS/SKIP/FAIL line per step; exits 1 when any step failed.
Settings come from the environment: see compat/python-common/compat_support.py.
"""

import contextlib
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python-common"))

import amqp.exceptions  # noqa: E402
from kombu import Connection, Consumer, Exchange, Producer, Queue, binding  # noqa: E402

from compat_support import (  # noqa: E402
    TOPIC_BINDINGS, TOPIC_ROUTES, CheckFailure, Ledger, Settings, pump_for, restart_broker, run_suite,
    x_death_summary)

PREFIX = "compat.python-kombu."
SETTINGS = Settings()
DEFAULT = Exchange("")
RETRY_POLICY = {"max_retries": 40, "interval_start": 0.2, "interval_step": 0.2, "interval_max": 1}


def connect():
    connection = Connection(SETTINGS.url, connect_timeout=5, transport_options={"confirm_publish": True})
    connection.connect()
    return connection


def pump_of(connection):
    def pump():
        try:
            connection.drain_events(timeout=0.05)
        except socket.timeout:
            pass
    return pump


def work_queue(name, **arguments):
    return Queue(name, DEFAULT, routing_key=name, durable=False, queue_arguments=arguments or None)


def fresh(connection, *queues):
    """Deletes what an interrupted earlier run may have left, then declares the queues anew."""
    channel = connection.default_channel
    for queue in queues:
        queue(channel).delete()
        queue(channel).declare()


def publish_consume():
    messages, prefetch = 200, 10
    queue = work_queue(PREFIX + "work")
    with connect() as connection:
        fresh(connection, queue)
        producer = Producer(connection.default_channel)
        ledger = Ledger("publish-consume")
        for i in range(messages):
            ledger.expect("work-%d" % i)
            producer.publish({"id": "work-%d" % i}, exchange="", routing_key=queue.name)
        held, redelivered = [], []

        def on_message(body, message):
            ledger.record(body["id"])
            if message.delivery_info.get("redelivered"):
                redelivered.append(body["id"])
            if holding[0]:
                held.append(message)
            else:
                message.ack()

        holding = [True]
        channel = connection.channel()
        with Consumer(channel, queues=[queue], callbacks=[on_message], accept=["json"], prefetch_count=prefetch):
            pump = pump_of(connection)
            deadline = time.monotonic() + 5
            while len(held) < prefetch and time.monotonic() < deadline:
                pump()
            if len(held) < prefetch:
                raise CheckFailure("with prefetch %d and no ack, got only %d deliveries in 5 s" % (prefetch, len(held)))
            pump_for(0.3, pump)
            if len(held) != prefetch:
                raise CheckFailure("prefetch %d not respected: %d unacked deliveries" % (prefetch, len(held)))
            holding[0] = False
            held[-1].ack(multiple=True)
            ledger.wait_all(15, pump)
            pump_for(0.2, pump)
        ledger.verify_exactly_once()
        if redelivered:
            raise CheckFailure("%d first deliveries were flagged redelivered" % len(redelivered))
        _, left, _ = queue(connection.default_channel).queue_declare(passive=True)
        if left != 0:
            raise CheckFailure("queue should be empty after every ack, has %d" % left)
        queue(connection.default_channel).delete()
    return "%d JSON messages delivered once each, at most %d unacked with prefetch_count=%d, queue empty after the acks" % (
        messages, prefetch, prefetch)


def confirms():
    messages = 500
    queue = Queue(PREFIX + "confirms", DEFAULT, routing_key=PREFIX + "confirms", durable=True)
    returned = []
    with connect() as connection:
        fresh(connection, queue)
        producer = Producer(connection.default_channel,
                            on_return=lambda error, exchange, key, message: returned.append((error, message)))
        ledger = Ledger("confirms")
        for i in range(messages):
            ledger.expect("confirmed-%d" % i)
            # confirm_publish: py-amqp waits for each basic.ack and raises MessageNacked on a nack
            producer.publish({"id": "confirmed-%d" % i}, exchange="", routing_key=queue.name, delivery_mode=2)
        producer.publish({"id": "unroutable"}, exchange="", routing_key=PREFIX + "nowhere", mandatory=True,
                         delivery_mode=2)
        if len(returned) != 1:
            raise CheckFailure("expected one basic.return for a mandatory unroutable publish, got %d" % len(returned))
        error, _ = returned[0]
        got = "%s %s" % (error.reply_code, error.reply_text)
        if got != "312 NO_ROUTE":
            raise CheckFailure("expected basic.return '312 NO_ROUTE', got '%s'" % got)
        _, held, _ = queue(connection.default_channel).queue_declare(passive=True)
        if held != messages:
            raise CheckFailure("queue holds %d messages after %d confirmed publishes" % (held, messages))
        with consumer_for(connection, [queue], {queue.name: ledger}):
            ledger.wait_all(15, pump_of(connection))
            pump_for(0.2, pump_of(connection))
        ledger.verify_exactly_once()
        queue(connection.default_channel).delete()
    return ("%d persistent publishes confirmed one by one and consumed once each; mandatory unroutable publish "
            "returned 312 NO_ROUTE to on_return" % messages)


def consumer_for(connection, queues, ledgers, settle=None, prefetch=50):
    """One Consumer per queue on a channel of its own, each recording body['id'] in its queue's ledger and then
    acking (or calling settle). Use as a context manager: consuming starts on entry and is cancelled on exit."""
    channel = connection.channel()
    stack = contextlib.ExitStack()
    for queue in queues:
        def on_message(body, message, ledger=ledgers[queue.name]):
            ledger.record(body["id"])
            if settle is None:
                message.ack()
            else:
                settle(body, message)

        stack.enter_context(Consumer(channel, queues=[queue], callbacks=[on_message], accept=["json"],
                                     prefetch_count=prefetch, auto_declare=False))
    return stack


def topic_fanout():
    per_key = 10
    exchange = Exchange(PREFIX + "events", type="topic", durable=False)
    queues = {name: Queue("%s.%s" % (exchange.name, name), durable=False,
                          bindings=[binding(exchange, routing_key=p) for p in patterns])
              for name, patterns in TOPIC_BINDINGS.items()}
    with connect() as connection:
        channel = connection.default_channel
        exchange(channel).delete()
        for queue in queues.values():
            queue(channel).delete()
        for queue in queues.values():
            queue(channel).declare()
        ledgers = {queue.name: Ledger("queue " + name) for name, queue in queues.items()}
        producer = Producer(channel)
        with consumer_for(connection, list(queues.values()), ledgers, prefetch=20):
            for key, targets in TOPIC_ROUTES.items():
                for i in range(per_key):
                    message_id = "%s#%d" % (key, i)
                    for name in targets:
                        ledgers[queues[name].name].expect(message_id)
                    producer.publish({"id": message_id}, exchange=exchange, routing_key=key)
            for ledger in ledgers.values():
                ledger.wait_all(10, pump_of(connection))
            pump_for(0.2, pump_of(connection))
        for ledger in ledgers.values():
            ledger.verify_exactly_once()
        for queue in queues.values():
            queue(channel).delete()
        exchange(channel).delete()
    return ("%d events through a topic exchange reached exactly the queues their keys match "
            "(#, order.*, *.*.eu + order.#.eu), once each" % (len(TOPIC_ROUTES) * per_key))


def dead_letter():
    messages = 30
    exchange = Exchange(PREFIX + "dlx", type="fanout", durable=False)
    dead = Queue(PREFIX + "dlq", exchange, durable=False)
    work = work_queue(PREFIX + "dl-work", **{"x-dead-letter-exchange": exchange.name})
    with connect() as connection:
        channel = connection.default_channel
        for queue in (work, dead):
            queue(channel).delete()
        exchange(channel).delete()
        dead(channel).declare()
        work(channel).declare()
        work_ledger, dead_ledger = Ledger("work queue"), Ledger("dead-letter queue")
        producer = Producer(channel)
        for i in range(messages):
            message_id = "job-%d" % i
            work_ledger.expect(message_id)
            if i % 3 != 2:
                dead_ledger.expect(message_id)
            producer.publish({"id": message_id}, exchange="", routing_key=work.name)
        bad_headers = []

        def settle(body, message):
            if message.delivery_info["routing_key"] == work.name:
                if int(body["id"].split("-")[1]) % 3 != 2:
                    message.reject(requeue=False)
                else:
                    message.ack()
            else:
                death = x_death_summary(message.headers)
                if death != "rejected %s 1" % work.name:
                    bad_headers.append("%s: x-death %s" % (body["id"], death))
                message.ack()

        ledgers = {work.name: work_ledger, dead.name: dead_ledger}
        with consumer_for(connection, [work, dead], ledgers, settle=settle, prefetch=10):
            work_ledger.wait_all(10, pump_of(connection))
            dead_ledger.wait_all(10, pump_of(connection))
            pump_for(0.2, pump_of(connection))
        work_ledger.verify_exactly_once()
        dead_ledger.verify_exactly_once()
        if bad_headers:
            raise CheckFailure("expected x-death 'rejected %s 1' on every dead letter, got %s"
                               % (work.name, bad_headers[:3]))
        for queue in (work, dead):
            queue(channel).delete()
        exchange(channel).delete()
    return ("20 of %d messages rejected without requeue were dead-lettered once each with x-death 'rejected'; "
            "acked ones were not" % messages)


DURABLE = Queue(PREFIX + "durable", DEFAULT, routing_key=PREFIX + "durable", durable=True)
BACKLOG = 5


def reconnect():
    messages = 50
    queue = work_queue(PREFIX + "after-restart")
    connection = connect()
    try:
        fresh(connection, DURABLE, queue)
        # given the connection, not a channel, the producer can follow the connection when kombu reconnects it
        producer = connection.Producer()
        for i in range(BACKLOG):
            producer.publish({"id": "backlog-%d" % i}, exchange="", routing_key=DURABLE.name, delivery_mode=2)

        restart_ms = restart_broker(SETTINGS)
        closed_with = None
        try:
            pump_for(10, pump_of(connection))
        except connection.connection_errors + (amqp.exceptions.ConnectionForced,) as error:
            closed_with = "%s: %s" % (type(error).__name__, error)
        if closed_with is None:
            raise CheckFailure("the old connection still looked open 10 s after the broker restarted")

        # kombu's own recovery: publish with retry reconnects, revives the producer's channel and declares again
        ledger = Ledger("after restart")
        for i in range(messages):
            ledger.expect("after-restart-%d" % i)
            producer.publish({"id": "after-restart-%d" % i}, exchange="", routing_key=queue.name, delivery_mode=2,
                             declare=[queue], retry=True, retry_policy=RETRY_POLICY)
        with consumer_for(connection, [queue], {queue.name: ledger}, prefetch=10):
            ledger.wait_all(10, pump_of(connection))
            pump_for(0.2, pump_of(connection))
        ledger.verify_exactly_once()
        queue(connection.default_channel).delete()
    finally:
        connection.release()
    return ("broker restarted in %d ms; kombu saw '%s', publish(retry=True) reconnected and declared again, then "
            "%d messages arrived once each" % (restart_ms, closed_with, messages))


def durable_backlog():
    with connect() as connection:
        channel = connection.default_channel
        _, held, _ = DURABLE(channel).queue_declare(passive=True)
        if held != BACKLOG:
            raise CheckFailure("durable queue holds %d messages after the restart, expected the %d confirmed "
                               "persistent ones" % (held, BACKLOG))
        ledger = Ledger("durable-backlog")
        for i in range(BACKLOG):
            ledger.expect("backlog-%d" % i)
        bound = DURABLE(channel)
        while True:
            message = bound.get(no_ack=True, accept=["json"])
            if message is None:
                break
            ledger.record(message.decode()["id"])
        ledger.verify_exactly_once()
        bound.delete()
    return "%d confirmed persistent messages survived the restart, once each" % BACKLOG


def durable_cleanup():
    with connect() as connection:
        DURABLE(connection.default_channel).delete()


if __name__ == "__main__":
    run_suite("python-kombu", SETTINGS, publish_consume, confirms, topic_fanout, dead_letter, reconnect,
              durable_backlog, durable_cleanup)
