#!/usr/bin/python3
"""The shop: places orders, each published once as an order_placed event to the topic exchange.

    python3 shop.py place [N]      places N orders (default 1), one event each, and exits
    python3 shop.py every SECONDS  places an order every SECONDS until Ctrl-C
    python3 shop.py queues         how many events wait in each service's queue

Every publish is confirmed by the broker (confirm_publish) before the next, and declares the exchange and the four
services' queues first, so an event reaches every service's queue even if that service has never run.
"""

import itertools
import random
import sys
import time
import uuid

from kombu.exceptions import OperationalError

from topology import ALL_QUEUES, ORDER_PLACED, ORDERS, make_app

app = make_app("shop")

REGIONS = ("eu", "us", "uk")
CUSTOMERS = ("ada@example.com", "grace@example.com", "linus@example.com", "barbara@example.com")
SKUS = ("mug", "t-shirt", "sticker-pack", "hoodie")


def new_order(number, prefix=None):
    rng = random.Random(number)
    lines = [{"sku": sku, "quantity": rng.randint(1, 3)} for sku in rng.sample(SKUS, rng.randint(1, 3))]
    return {
        "id": "%s-%04d" % (prefix or uuid.uuid4().hex[:6], number),
        "customer": rng.choice(CUSTOMERS),
        "region": REGIONS[number % len(REGIONS)],
        "lines": lines,
        "total": round(sum(l["quantity"] * rng.choice((4.5, 12.0, 19.9, 39.0)) for l in lines), 2),
    }


def place(order):
    """Publishes the event with routing key order.placed.<region>; returns once the broker confirmed it."""
    app.send_task(ORDER_PLACED, args=[order], exchange=ORDERS, routing_key="order.placed." + order["region"],
                  declare=[ORDERS] + ALL_QUEUES)
    print("shop: order %s placed (%s, %.2f) -> order.placed.%s" % (order["id"], order["customer"], order["total"],
                                                                    order["region"]), flush=True)


def queue_depths():
    """service queue -> (events waiting, consumers), from a passive queue.declare."""
    depths = {}
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in ALL_QUEUES:
            queue(channel).declare()
            _, waiting, consumers = channel.queue_declare(queue.name, passive=True)
            depths[queue.name] = (waiting, consumers)
    return depths


def main(argv):
    command = argv[1] if len(argv) > 1 else "place"
    if command == "place":
        prefix = uuid.uuid4().hex[:6]
        for number in range(1, (int(argv[2]) if len(argv) > 2 else 1) + 1):
            place(new_order(number, prefix))
    elif command == "every":
        prefix = uuid.uuid4().hex[:6]
        try:
            for number in itertools.count(1):
                place(new_order(number, prefix))
                time.sleep(float(argv[2]) if len(argv) > 2 else 2)
        except KeyboardInterrupt:
            pass
    elif command == "queues":
        for name, (waiting, consumers) in queue_depths().items():
            print("%-18s %5d events waiting, %d consumer(s)" % (name, waiting, consumers))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except OperationalError as e:
        print("shop: cannot reach the broker at %s (%s): is ./spool server running?" % (
            app.connection_for_write().as_uri(), e), file=sys.stderr)
        sys.exit(1)
