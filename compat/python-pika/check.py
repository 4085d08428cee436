#!/usr/bin/python3
"""A small pika application (Debian's python3-pika, BlockingConnection) checking a broker behaves as RabbitMQ does:
publish and consume with manual acks and prefetch, publisher confirms and mandatory returns, a topic exchange
fan-out, dead-lettering, and reconnecting after the broker restarts. One PASS/SKIP/FAIL line per step; exits 1 when
any step failed. Settings come from the environment: see compat/python-common/compat_support.py.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python-common"))

import pika  # noqa: E402
import pika.exceptions  # noqa: E402

from compat_support import (  # noqa: E402
    TOPIC_BINDINGS, TOPIC_ROUTES, CheckFailure, Ledger, Settings, pump_for, restart_broker, run_suite,
    x_death_summary)

PREFIX = "compat.python-pika."
SETTINGS = Settings()


def connect(attempts=1):
    parameters = pika.ConnectionParameters(
        host=SETTINGS.host, port=SETTINGS.port,
        credentials=pika.PlainCredentials(SETTINGS.user, SETTINGS.password),
        connection_attempts=attempts, retry_delay=0.5, socket_timeout=5,
        client_properties={"connection_name": "compat python-pika"})
    return pika.BlockingConnection(parameters)


def pump_of(connection):
    return lambda: connection.process_data_events(time_limit=0.05)


def text(body):
    return body.decode()


def publish_consume():
    queue, messages, prefetch = PREFIX + "work", 200, 10
    connection = connect()
    try:
        channel = connection.channel()
        channel.queue_delete(queue)
        channel.queue_declare(queue)
        ledger = Ledger("publish-consume")
        for i in range(messages):
            message_id = "work-%d" % i
            ledger.expect(message_id)
            channel.basic_publish("", queue, message_id.encode(), pika.BasicProperties(message_id=message_id))
        channel.basic_qos(prefetch_count=prefetch)
        state = {"holding": True, "held": [], "redelivered": 0}

        def on_message(ch, method, properties, body):
            ledger.record(text(body))
            if method.redelivered:
                state["redelivered"] += 1
            if state["holding"]:
                state["held"].append(method.delivery_tag)
            else:
                ch.basic_ack(method.delivery_tag)

        tag = channel.basic_consume(queue, on_message, auto_ack=False)
        pump = pump_of(connection)
        deadline = time.monotonic() + 5
        while len(state["held"]) < prefetch and time.monotonic() < deadline:
            pump()
        if len(state["held"]) < prefetch:
            raise CheckFailure("with prefetch %d and no ack, got only %d deliveries in 5 s"
                               % (prefetch, len(state["held"])))
        pump_for(0.3, pump)  # time for a broker that ignores the prefetch limit to send more
        if len(state["held"]) != prefetch:
            raise CheckFailure("prefetch %d not respected: %d unacked deliveries" % (prefetch, len(state["held"])))
        state["holding"] = False
        channel.basic_ack(state["held"][-1], multiple=True)
        ledger.wait_all(15, pump)
        pump_for(0.2, pump)
        ledger.verify_exactly_once()
        if state["redelivered"]:
            raise CheckFailure("%d first deliveries were flagged redelivered" % state["redelivered"])
        channel.basic_cancel(tag)
        left = channel.queue_declare(queue, passive=True).method.message_count
        if left != 0:
            raise CheckFailure("queue should be empty after every ack, has %d" % left)
        channel.queue_delete(queue)
    finally:
        close(connection)
    return "%d messages delivered once each, at most %d unacked with basic_qos(%d), queue empty after the acks" % (
        messages, prefetch, prefetch)


def consume_into(channel, queue, ledger, settle=None):
    def on_message(ch, method, properties, body):
        ledger.record(text(body))
        if settle is None:
            ch.basic_ack(method.delivery_tag)
        else:
            settle(ch, method, properties, body)

    return channel.basic_consume(queue, on_message, auto_ack=False)


def confirms():
    queue, messages = PREFIX + "confirms", 500
    connection = connect()
    try:
        channel = connection.channel()
        channel.queue_delete(queue)
        channel.queue_declare(queue, durable=True)
        channel.confirm_delivery()
        ledger = Ledger("confirms")
        for i in range(messages):
            message_id = "confirmed-%d" % i
            ledger.expect(message_id)
            # in confirm mode pika waits for each confirm and raises NackError if the broker nacks
            channel.basic_publish("", queue, message_id.encode(),
                                  pika.BasicProperties(delivery_mode=2, message_id=message_id))
        try:
            channel.basic_publish("", PREFIX + "nowhere", b"unroutable", pika.BasicProperties(delivery_mode=2),
                                  mandatory=True)
            raise CheckFailure("a mandatory publish nobody can route was confirmed without basic.return")
        except pika.exceptions.UnroutableError as error:
            returned = error.messages[0]
            got = "%d %s %s" % (returned.method.reply_code, returned.method.reply_text, text(returned.body))
            if got != "312 NO_ROUTE unroutable":
                raise CheckFailure("expected basic.return '312 NO_ROUTE unroutable', got '%s'" % got)
        held = channel.queue_declare(queue, durable=True, passive=True).method.message_count
        if held != messages:
            raise CheckFailure("queue holds %d messages after %d confirmed publishes" % (held, messages))
        consuming = connection.channel()
        consuming.basic_qos(prefetch_count=50)
        consume_into(consuming, queue, ledger)
        ledger.wait_all(15, pump_of(connection))
        pump_for(0.2, pump_of(connection))
        ledger.verify_exactly_once()
        channel.queue_delete(queue)
    finally:
        close(connection)
    return ("%d persistent publishes confirmed one by one and consumed once each; mandatory unroutable publish "
            "returned 312 NO_ROUTE" % messages)


def topic_fanout():
    exchange, per_key = PREFIX + "events", 10
    connection = connect()
    try:
        channel = connection.channel()
        channel.exchange_delete(exchange)
        channel.exchange_declare(exchange, exchange_type="topic")
        ledgers = {name: Ledger("queue " + name) for name in TOPIC_BINDINGS}
        for name, patterns in TOPIC_BINDINGS.items():
            queue = "%s.%s" % (exchange, name)
            channel.queue_delete(queue)
            channel.queue_declare(queue)
            for pattern in patterns:
                channel.queue_bind(queue, exchange, routing_key=pattern)
        channel.basic_qos(prefetch_count=20)
        for name, ledger in ledgers.items():
            consume_into(channel, "%s.%s" % (exchange, name), ledger)
        publishing = connection.channel()
        publishing.confirm_delivery()
        for key, queues in TOPIC_ROUTES.items():
            for i in range(per_key):
                message_id = "%s#%d" % (key, i)
                for name in queues:
                    ledgers[name].expect(message_id)
                publishing.basic_publish(exchange, key, message_id.encode())
        for ledger in ledgers.values():
            ledger.wait_all(10, pump_of(connection))
        pump_for(0.2, pump_of(connection))
        for ledger in ledgers.values():
            ledger.verify_exactly_once()
        for name in TOPIC_BINDINGS:
            channel.queue_delete("%s.%s" % (exchange, name))
        channel.exchange_delete(exchange)
    finally:
        close(connection)
    return ("%d events through a topic exchange reached exactly the queues their keys match "
            "(#, order.*, *.*.eu + order.#.eu), once each" % (len(TOPIC_ROUTES) * per_key))


def dead_letter():
    exchange, work, dead, messages = PREFIX + "dlx", PREFIX + "dl-work", PREFIX + "dlq", 30
    connection = connect()
    try:
        channel = connection.channel()
        channel.queue_delete(work)
        channel.queue_delete(dead)
        channel.exchange_delete(exchange)
        channel.exchange_declare(exchange, exchange_type="fanout")
        channel.queue_declare(dead)
        channel.queue_bind(dead, exchange)
        channel.queue_declare(work, arguments={"x-dead-letter-exchange": exchange})
        work_ledger, dead_ledger = Ledger("work queue"), Ledger("dead-letter queue")
        for i in range(messages):
            message_id = "job-%d" % i
            work_ledger.expect(message_id)
            if i % 3 != 2:
                dead_ledger.expect(message_id)
            channel.basic_publish("", work, message_id.encode())
        bad_headers = []

        def settle_work(ch, method, properties, body):
            n = int(text(body).split("-")[1])
            if n % 3 == 0:
                ch.basic_reject(method.delivery_tag, requeue=False)
            elif n % 3 == 1:
                ch.basic_nack(method.delivery_tag, requeue=False)
            else:
                ch.basic_ack(method.delivery_tag)

        def settle_dead(ch, method, properties, body):
            death = x_death_summary(properties.headers)
            if death != "rejected %s 1" % work:
                bad_headers.append("%s: x-death %s" % (text(body), death))
            ch.basic_ack(method.delivery_tag)

        channel.basic_qos(prefetch_count=10)
        consume_into(channel, work, work_ledger, settle_work)
        consume_into(channel, dead, dead_ledger, settle_dead)
        work_ledger.wait_all(10, pump_of(connection))
        dead_ledger.wait_all(10, pump_of(connection))
        pump_for(0.2, pump_of(connection))
        work_ledger.verify_exactly_once()
        dead_ledger.verify_exactly_once()
        if bad_headers:
            raise CheckFailure("expected x-death 'rejected %s 1' on every dead letter, got %s" % (work, bad_headers[:3]))
        channel.queue_delete(work)
        channel.queue_delete(dead)
        channel.exchange_delete(exchange)
    finally:
        close(connection)
    return ("20 of %d messages rejected/nacked without requeue were dead-lettered once each with x-death "
            "'rejected'; acked ones were not" % messages)


DURABLE_QUEUE, BACKLOG = PREFIX + "durable", 5


def reconnect():
    queue, messages = PREFIX + "after-restart", 50
    connection = connect()
    channel = connection.channel()
    channel.queue_delete(DURABLE_QUEUE)
    channel.queue_declare(DURABLE_QUEUE, durable=True)
    channel.confirm_delivery()
    for i in range(BACKLOG):
        channel.basic_publish("", DURABLE_QUEUE, ("backlog-%d" % i).encode(), pika.BasicProperties(delivery_mode=2))
    channel.queue_delete(queue)
    channel.queue_declare(queue)
    ignored = Ledger("before restart")
    consume_into(channel, queue, ignored)

    restart_ms = restart_broker(SETTINGS)
    # pika has no automatic recovery: the application notices the closed connection and connects again.
    closed_with = None
    try:
        pump_for(10, pump_of(connection))
    except pika.exceptions.AMQPConnectionError as error:
        closed_with = describe_close(error)
    if closed_with is None:
        raise CheckFailure("the old connection still looked open 10 s after the broker restarted")

    connection = connect(attempts=20)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.queue_declare(queue)
        channel.basic_qos(prefetch_count=10)
        ledger = Ledger("after restart")
        consume_into(channel, queue, ledger)
        for i in range(messages):
            message_id = "after-restart-%d" % i
            ledger.expect(message_id)
            channel.basic_publish("", queue, message_id.encode(), pika.BasicProperties(delivery_mode=2))
        ledger.wait_all(10, pump_of(connection))
        pump_for(0.2, pump_of(connection))
        ledger.verify_exactly_once()
        channel.queue_delete(queue)
    finally:
        close(connection)
    return ("broker restarted in %d ms; pika saw %s, connected again, declared again, then %d messages arrived "
            "once each" % (restart_ms, closed_with, messages))


def describe_close(error):
    if isinstance(error, pika.exceptions.ConnectionClosed):
        return "'%d %s'" % (error.reply_code, error.reply_text)
    return "'%s: %s'" % (type(error).__name__, error)


def durable_backlog():
    connection = connect()
    try:
        channel = connection.channel()
        held = channel.queue_declare(DURABLE_QUEUE, durable=True, passive=True).method.message_count
        if held != BACKLOG:
            raise CheckFailure("durable queue holds %d messages after the restart, expected the %d confirmed "
                               "persistent ones" % (held, BACKLOG))
        ledger = Ledger("durable-backlog")
        for i in range(BACKLOG):
            ledger.expect("backlog-%d" % i)
        while True:
            method, _, body = channel.basic_get(DURABLE_QUEUE, auto_ack=True)
            if method is None:
                break
            ledger.record(text(body))
        ledger.verify_exactly_once()
        channel.queue_delete(DURABLE_QUEUE)
    finally:
        close(connection)
    return "%d confirmed persistent messages survived the restart, once each" % BACKLOG


def durable_cleanup():
    connection = connect()
    try:
        connection.channel().queue_delete(DURABLE_QUEUE)
    finally:
        close(connection)


def close(connection):
    if connection.is_open:
        connection.close()


if __name__ == "__main__":
    run_suite("python-pika", SETTINGS, publish_consume, confirms, topic_fanout, dead_letter, reconnect,
              durable_backlog, durable_cleanup)
