"""The Celery application the compatibility check runs: its queues and tasks.

Workers are started by check.py as subprocesses (`python3 -m celery -A tasks worker -P prefork -c 2`). Every task
appends one line to the journal file named by COMPAT_JOURNAL ("<event> <key> <worker> <unix time>"), which is how
check.py sees what ran, where and how often. One os.write per line with O_APPEND keeps lines whole across processes.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python-common"))

from celery import Celery  # noqa: E402
from celery.exceptions import Reject  # noqa: E402
from celery.signals import worker_ready  # noqa: E402
from kombu import Exchange, Queue, binding  # noqa: E402

from compat_support import TOPIC_BINDINGS, Settings  # noqa: E402

SETTINGS = Settings()
PREFIX = "compat.python-celery."

TASKS = Queue(PREFIX + "tasks", Exchange(PREFIX + "tasks", type="direct"), routing_key="tasks")
EVENTS = Exchange(PREFIX + "events", type="topic", durable=False)


def topic_queue(name, patterns):
    """A queue bound to the topic exchange once per pattern. (kombu gives a queue with bindings no exchange of its
    own; Celery's banner then shows the default exchange for it, but declares only these bindings.)"""
    return Queue(name, durable=False, bindings=[binding(EVENTS, routing_key=p) for p in patterns])


EVENT_QUEUES = [topic_queue("%sevents.%s" % (PREFIX, name), patterns)
                for name, patterns in sorted(TOPIC_BINDINGS.items())]
DLX = Exchange(PREFIX + "dlx", type="fanout", durable=False)
DLQ = Queue(PREFIX + "dlq", DLX, durable=False)
DL_WORK = Queue(PREFIX + "dl-work", Exchange(PREFIX + "dl-work", type="direct"), routing_key="dl-work",
                queue_arguments={"x-dead-letter-exchange": DLX.name})
# Filled before the restart and consumed by nobody: what a broker that keeps messages must still hold afterwards.
BACKLOG = Queue(PREFIX + "backlog", Exchange(PREFIX + "backlog", type="direct"), routing_key="backlog")

app = Celery("compat", broker=SETTINGS.url, backend="rpc://")
app.conf.update(
    task_queues=[TASKS] + EVENT_QUEUES + ([] if SETTINGS.skips("dlx") else [DL_WORK]),
    task_default_queue=TASKS.name,
    task_default_exchange=TASKS.exchange.name,
    task_default_routing_key="tasks",
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    # prefetch multiplier 1 with concurrency 2: basic.qos(2) per worker, the setting for long tasks
    worker_prefetch_multiplier=1,
    # every publish waits for the broker's confirm (py-amqp raises if it is nacked)
    broker_transport_options={"confirm_publish": True},
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,
    broker_connection_timeout=5,
    worker_hijack_root_logger=False,
)

_journal = None


def journal(event, key, worker=""):
    global _journal
    if _journal is None:
        _journal = os.open(os.environ["COMPAT_JOURNAL"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(_journal, ("%s %s %s %.3f\n" % (event, key, worker or "-", time.time())).encode())


@worker_ready.connect
def announce(sender=None, **_):
    journal("ready", sender.hostname, sender.hostname)


@app.task(bind=True)
def record(self, key):
    journal("done", key, self.request.hostname)


@app.task
def add(x, y):
    return x + y


@app.task(bind=True, max_retries=5, default_retry_delay=0.2)
def flaky(self, key, failures):
    """Fails `failures` times, retrying with a countdown each time, then succeeds."""
    journal("attempt", key, self.request.hostname)
    if self.request.retries < failures:
        raise self.retry(countdown=0.2)
    journal("done", key, self.request.hostname)


@app.task(bind=True, acks_late=True)
def slow(self, key, seconds):
    """Acked only when it returns: a worker killed meanwhile leaves it to the broker to deliver again."""
    journal("start", key, self.request.hostname)
    time.sleep(seconds)
    journal("done", key, self.request.hostname)


@app.task(bind=True)
def event(self, key):
    journal("event", key, self.request.hostname)


@app.task(bind=True, acks_late=True)
def hopeless(self, key):
    """Rejected without requeue: the broker dead-letters it."""
    journal("reject", key, self.request.hostname)
    raise Reject("cannot be done", requeue=False)
