"""The x-delayed-message exchange through pika, written as an application using the RabbitMQ plugin would.

Usage: python3 delayed_exchange_pika.py PORT. Prints PASS and exits 0, or prints FAIL <why> and exits 1.
"""
import sys
import time

import pika


def fail(why):
    print("FAIL " + why)
    sys.exit(1)


def main():
    port = int(sys.argv[1])
    params = pika.ConnectionParameters("127.0.0.1", port, credentials=pika.PlainCredentials("guest", "guest"))
    conn = pika.BlockingConnection(params)
    ch = conn.channel()
    ch.exchange_declare("pika-later", "x-delayed-message", durable=True, arguments={"x-delayed-type": "direct"})
    ch.queue_declare("pika-jobs", durable=True)
    ch.queue_bind("pika-jobs", "pika-later", "jobs")
    ch.confirm_delivery()

    start = time.monotonic()
    ch.basic_publish("pika-later", "jobs", b"second",
                     pika.BasicProperties(headers={"x-delay": 600}, delivery_mode=2))
    ch.basic_publish("pika-later", "jobs", b"first",
                     pika.BasicProperties(headers={"x-delay": 300}, delivery_mode=2))
    ch.basic_publish("pika-later", "jobs", b"now", pika.BasicProperties(delivery_mode=2))

    got = []
    for method, props, body in ch.consume("pika-jobs", auto_ack=True, inactivity_timeout=10):
        if method is None:
            break
        got.append((body.decode(), (props.headers or {}).get("x-delay"), time.monotonic() - start))
        if len(got) == 3:
            break
    ch.cancel()
    bodies = [g[0] for g in got]
    if bodies != ["now", "first", "second"]:
        fail("order: expected ['now', 'first', 'second'], got %s" % bodies)
    delays = [g[1] for g in got]
    if delays != [None, -300, -600]:
        fail("x-delay headers: expected [None, -300, -600], got %s" % delays)
    if got[1][2] < 0.25 or got[2][2] < 0.55:
        fail("delivered too early: %s" % [round(g[2], 3) for g in got])

    try:
        conn.channel().exchange_declare("pika-untyped", "x-delayed-message")
        fail("declare without x-delayed-type succeeded")
    except pika.exceptions.ChannelClosedByBroker as e:
        expected = "PRECONDITION_FAILED - Invalid argument, 'x-delayed-type' must be an existing exchange type"
        if e.reply_code != 406 or e.reply_text != expected:
            fail("declare without x-delayed-type: %s %s" % (e.reply_code, e.reply_text))
    conn.close()
    print("PASS")


if __name__ == "__main__":
    main()
