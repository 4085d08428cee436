"""The order-placed story's exchange, queues and Celery settings, shared by the shop and the four services.

    shop --order.placed.<region>--> [orders] topic exchange --order.placed.*--> (orders.payment)   --> payment
                                                             --order.placed.*--> (orders.inventory) --> inventory
                                                             --order.placed.*--> (orders.shipping)  --> shipping
                                                             --order.#-------->  (orders.email)     --> email

Every service has its own durable queue bound to the topic exchange. The shop declares all four before it publishes
(and each service declares its own when it starts), so an event published while a service is down waits in that
service's queue until it comes back. Declaring again with the same arguments changes nothing.

Environment: AMQP_URL (default amqp://guest:guest@localhost:5672, a local ./spool server); ORDERS_JOURNAL (optional)
names a file where each service appends one line per event it handled, which is how the demo checks exactly-once.
"""

import logging
import os
import time

from celery import Celery
from kombu import Exchange, Queue

BROKER_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672")

ORDERS = Exchange("orders", type="topic", durable=True)

# service -> the binding pattern of its queue. Email binds order.# because it will also want order.shipped,
# order.cancelled, ... once the shop publishes them; the others care only about placed orders.
BINDINGS = {
    "payment": "order.placed.*",
    "inventory": "order.placed.*",
    "shipping": "order.placed.*",
    "email": "order.#",
}
SERVICES = tuple(BINDINGS)

# The Celery task name every service registers: the event's name.
ORDER_PLACED = "order_placed"


def queue_for(service):
    return Queue("orders." + service, ORDERS, routing_key=BINDINGS[service], durable=True)


ALL_QUEUES = [queue_for(service) for service in SERVICES]


def make_app(name, queues=()):
    """A Celery app on the broker: JSON messages, publisher confirms, tasks acked after they ran."""
    app = Celery(name, broker=BROKER_URL)
    app.conf.update(
        task_queues=list(queues),
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        # acked only when the handler returned: a service that dies mid-event gets it again
        task_acks_late=True,
        # basic.qos(4) per worker process
        worker_prefetch_multiplier=4,
        # the shop's publish waits for the broker's confirm (py-amqp raises if it is refused)
        broker_transport_options={"confirm_publish": True},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        # no remote-control mailbox: these workers are managed by run.sh, not by `celery control`
        worker_enable_remote_control=False,
        worker_task_log_format="[%(asctime)s] %(message)s",
    )
    return app


# One line per event from the services themselves is enough: Celery's own "received" and "succeeded" lines for
# every task are turned down to warnings and errors.
for _chatty in ("celery.worker.strategy", "celery.app.trace"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)


_journal = None


def journal(service, order_id):
    """Appends "<service> <order id> <pid> <time>" to ORDERS_JOURNAL, if set: one write with O_APPEND per line, so
    lines from several processes never interleave."""
    global _journal
    path = os.environ.get("ORDERS_JOURNAL")
    if not path:
        return
    if _journal is None:
        _journal = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(_journal, ("%s %s %d %.3f\n" % (service, order_id, os.getpid(), time.time())).encode())
