#!/usr/bin/python3
"""A small Celery deployment (Debian's python3-celery, py-amqp transport) checking a broker behaves as RabbitMQ does
for Celery: two workers (-P prefork -c 2, prefetch multiplier 1) started here as subprocesses, tasks sent with
publisher confirms, an rpc:// result, retries with countdown, ETA and countdown tasks, acks_late tasks surviving a
killed worker, tasks fanned out through a topic exchange, rejected tasks dead-lettered, and workers and client
reconnecting after the broker restarts. Tasks write to a journal file (see tasks.py), which is how this program sees
that each ran exactly once. One PASS/SKIP/FAIL line per step; exits 1 when any step failed. Settings come from the
environment: see compat/python-common/compat_support.py; COMPAT_LOG_DIR (optional) keeps the workers' logs.
"""

import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python-common"))

LOG_DIR = os.environ.get("COMPAT_LOG_DIR") or tempfile.mkdtemp(prefix="compat-celery-")
os.makedirs(LOG_DIR, exist_ok=True)
JOURNAL = os.path.join(LOG_DIR, "celery-journal.txt")
os.environ["COMPAT_JOURNAL"] = JOURNAL
open(JOURNAL, "w").close()

from kombu import Connection  # noqa: E402

import tasks  # noqa: E402
from compat_support import (  # noqa: E402
    DEAD_LETTER_SKIP, DURABLE_SKIP, TOPIC_ROUTES, CheckFailure, Ledger, Report, Settings, restart_broker,
    x_death_summary)

SETTINGS = Settings()
RUN = uuid.uuid4().hex[:6]  # keys carry it, so tasks left over from an interrupted run never count


class Workers:
    """Celery workers this program started, each in its own session so it can signal exactly them."""

    def __init__(self):
        self.processes = {}

    def start(self, name):
        queues = [q.name for q in tasks.app.conf.task_queues]
        log = open(os.path.join(LOG_DIR, "celery-%s.log" % name), "ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tasks", "worker", "-P", "prefork", "-c", "2",
             "-n", "%s@compat" % name, "-Q", ",".join(queues), "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "WARNING"],
            cwd=HERE, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, names, timeout=60):
        wanted = {"%s@compat" % n for n in names}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = {e[1] for e in read_journal() if e[0] == "ready"}
            if wanted <= ready:
                return
            for name in names:
                if self.processes[name].poll() is not None:
                    raise CheckFailure("worker %s exited with %s while starting; see %s" % (
                        name, self.processes[name].returncode, os.path.join(LOG_DIR, "celery-%s.log" % name)))
            time.sleep(0.1)
        raise CheckFailure("workers %s not ready within %d s; logs in %s" % (sorted(wanted), timeout, LOG_DIR))

    def kill(self, name):
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self):
        for name, process in list(self.processes.items()):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in list(self.processes.items()):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def read_journal():
    with open(JOURNAL) as f:
        return [line.split() for line in f if line.endswith("\n")]


def entries(event, prefix):
    return [e for e in read_journal() if e[0] == event and e[1].startswith(prefix)]


def wait_exactly_once(label, event, keys, timeout, copies=None):
    """Waits until every key was journalled with event (copies[key] times when given), then checks exactly that:
    journal entries for other keys of the same step (the same "<run>-<step>-" prefix) count as unexpected."""
    prefix = keys[0][:keys[0].rindex("-") + 1]
    copies = copies or {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = {}
        for e in entries(event, prefix):
            counts[e[1]] = counts.get(e[1], 0) + 1
        if all(counts.get(k, 0) >= copies.get(k, 1) for k in keys):
            break
        time.sleep(0.1)
    time.sleep(0.3)  # a late duplicate would show up here
    ledger = Ledger(label)
    for key in keys:
        for copy in range(copies.get(key, 1)):
            ledger.expect(key if copy == 0 else "%s/copy%d" % (key, copy))
    seen = {}
    for e in entries(event, prefix):
        n = seen.get(e[1], 0)
        seen[e[1]] = n + 1
        ledger.record(e[1] if n == 0 else "%s/copy%d" % (e[1], n))
    ledger.verify_exactly_once()


def key(step, i):
    return "%s-%s-%d" % (RUN, step, i)


def publish_consume():
    result = tasks.add.delay(2, 3).get(timeout=15)
    if result != 5:
        raise CheckFailure("add(2, 3) through the rpc:// result backend returned %r" % (result,))
    keys = [key("work", i) for i in range(100)]
    for k in keys:
        tasks.record.delay(k)
    wait_exactly_once("record tasks", "done", keys, 30)
    slow_keys = [key("fair", i) for i in range(8)]
    for k in slow_keys:
        tasks.slow.delay(k, 0.4)
    wait_exactly_once("slow tasks", "done", slow_keys, 30)
    per_worker = {}
    for e in entries("done", "%s-fair-" % RUN):
        per_worker[e[2]] = per_worker.get(e[2], 0) + 1
    if len(per_worker) != 2 or min(per_worker.values()) < 2:
        raise CheckFailure("with prefetch 2 per worker, 8 slow acks_late tasks should be shared by both workers; "
                           "ran %s" % per_worker)
    return ("rpc:// result 2+3=5; 100 tasks ran once each; 8 slow acks_late tasks shared by two workers under "
            "basic.qos(2) (%s)" % ", ".join("%s: %d" % kv for kv in sorted(per_worker.items())))


def confirms():
    keys = [key("confirmed", i) for i in range(200)]
    started = time.monotonic()
    for k in keys:
        tasks.record.apply_async((k,))  # confirm_publish: returns once the broker acked the publish
    sent_in = time.monotonic() - started
    wait_exactly_once("confirmed tasks", "done", keys, 30)
    return "200 tasks published with confirm_publish (%.1f s) ran once each" % sent_in


def retries():
    keys = [key("flaky", i) for i in range(5)]
    for k in keys:
        tasks.flaky.delay(k, 2)
    wait_exactly_once("retried tasks", "done", keys, 30)
    attempts = {}
    for e in entries("attempt", "%s-flaky-" % RUN):
        attempts[e[1]] = attempts.get(e[1], 0) + 1
    wrong = {k: attempts.get(k, 0) for k in keys if attempts.get(k, 0) != 3}
    if wrong:
        raise CheckFailure("each task fails twice then succeeds: expected 3 attempts each, got %s" % wrong)
    return "5 tasks failing twice retried with countdown=0.2 (self.retry), 3 attempts and one success each"


def eta_countdown():
    sent = {}
    for i in range(3):
        k = key("eta-countdown", i)
        sent[k] = time.time()
        tasks.record.apply_async((k,), countdown=1.5)
    for i in range(2):
        k = key("eta-countdown", 3 + i)
        sent[k] = time.time()
        tasks.record.apply_async((k,), eta=datetime.datetime.now(datetime.timezone.utc)
                                 + datetime.timedelta(seconds=1.5))
    wait_exactly_once("ETA/countdown tasks", "done", sorted(sent), 20)
    early = {e[1]: round(float(e[3]) - sent[e[1]], 2) for e in read_journal()
             if e[0] == "done" and e[1] in sent and float(e[3]) - sent[e[1]] < 1.4}
    if early:
        raise CheckFailure("tasks due in 1.5 s ran early (seconds after sending): %s" % early)
    return "3 countdown=1.5 and 2 eta=+1.5 s tasks (held unacked by the worker, qos raised) ran once each, on time"


def topic_fanout():
    keys, copies = [], {}
    for routing_key, queues in sorted(TOPIC_ROUTES.items()):
        for i in range(5):
            k = "%s-events-%s.%d" % (RUN, routing_key, i)
            keys.append(k)
            copies[k] = len(queues)
            tasks.event.apply_async((k,), exchange=tasks.EVENTS, routing_key=routing_key)
    wait_exactly_once("topic events", "event", keys, 30, copies)
    return ("%d tasks sent to a topic exchange ran once per bound queue their key matches "
            "(#, order.*, *.*.eu + order.#.eu)" % len(keys))


def acks_late(workers):
    k = key("late", 0)
    tasks.slow.delay(k, 3)
    deadline = time.monotonic() + 15
    started = []
    while not started and time.monotonic() < deadline:
        started = entries("start", k)
        time.sleep(0.05)
    if not started:
        raise CheckFailure("the acks_late task did not start within 15 s")
    victim = started[0][2].split("@")[0]
    workers.kill(victim)
    wait_exactly_once("acks_late task", "done", [k], 30)
    starts = entries("start", k)
    if len(starts) != 2 or starts[1][2] == starts[0][2]:
        raise CheckFailure("expected the task to start on %s, then again on the other worker once the broker "
                           "requeued it; starts: %s" % (victim, [s[2] for s in starts]))
    return ("worker %s killed (SIGKILL) mid-task: the broker redelivered the unacked acks_late task to %s, which "
            "completed it once" % (victim, starts[1][2]))


def dead_letter():
    keys = [key("hopeless", i) for i in range(10)]
    with Connection(SETTINGS.url) as connection:
        channel = connection.default_channel
        tasks.DLQ(channel).delete()
        tasks.DLQ(channel).declare()
        for k in keys:
            tasks.hopeless.apply_async((k,), queue=tasks.DL_WORK)
        wait_exactly_once("rejected tasks", "reject", keys, 30)
        ledger, bad = Ledger("dead-letter queue"), []
        for k in keys:
            ledger.expect(k)
        deadline = time.monotonic() + 10
        while not ledger.complete() and time.monotonic() < deadline:
            message = tasks.DLQ(channel).get(no_ack=True, accept=["json"])
            if message is None:
                time.sleep(0.1)
                continue
            args = message.decode()[0]
            ledger.record(args[0])
            death = x_death_summary(message.headers)
            if death != "rejected %s 1" % tasks.DL_WORK.name:
                bad.append("%s: x-death %s" % (args[0], death))
        ledger.verify_exactly_once()
        if bad:
            raise CheckFailure("expected x-death 'rejected %s 1', got %s" % (tasks.DL_WORK.name, bad[:3]))
        tasks.DLQ(channel).delete()
    return "10 tasks raising Reject(requeue=False) were dead-lettered once each with x-death 'rejected'"


def reconnect():
    with Connection(SETTINGS.url) as connection:
        tasks.BACKLOG(connection.default_channel).declare()
        tasks.BACKLOG(connection.default_channel).purge()
    backlog = [key("backlog", i) for i in range(5)]
    for k in backlog:
        tasks.record.apply_async((k,), queue=tasks.BACKLOG)
    restart_ms = restart_broker(SETTINGS)
    keys = [key("after-restart", i) for i in range(20)]
    for k in keys:
        # the default retry policy reconnects the producer; the workers reconnect on their own
        tasks.record.apply_async((k,), retry=True, retry_policy={
            "max_retries": 40, "interval_start": 0.2, "interval_step": 0.2, "interval_max": 1})
    wait_exactly_once("tasks after the restart", "done", keys, 60)
    return ("broker restarted in %d ms; the client and the worker reconnected and declared their queues again; "
            "20 tasks sent afterwards ran once each" % restart_ms)


def durable_backlog():
    with Connection(SETTINGS.url) as connection:
        _, held, _ = tasks.BACKLOG(connection.default_channel).queue_declare(passive=True)
        tasks.BACKLOG(connection.default_channel).delete()
    if held != 5:
        raise CheckFailure("the durable backlog queue holds %d tasks after the restart, expected the 5 sent "
                           "(persistent, confirmed) before it" % held)
    return "5 persistent tasks sent before the restart were still queued after it"


def durable_cleanup():
    with Connection(SETTINGS.url) as connection:
        tasks.BACKLOG(connection.default_channel).delete()


def main():
    report = Report("python-celery")
    workers = Workers()
    try:
        workers.start("w1")
        workers.start("w2")
        if not report.run("workers-start", lambda: (workers.wait_ready(["w1", "w2"]) or
                                                  "two workers (-P prefork -c 2) connected and consuming")):
            return report
        report.run("publish-consume", publish_consume)
        report.run("confirms", confirms)
        report.run("retries", retries)
        report.run("eta-countdown", eta_countdown)
        report.run("topic-fanout", topic_fanout)
        report.run("acks-late", lambda: acks_late(workers))
        if SETTINGS.skips("dlx"):
            report.skip("dead-letter", DEAD_LETTER_SKIP)
        else:
            report.run("dead-letter", dead_letter)
        if not SETTINGS.restart_cmd:
            report.skip("reconnect", "COMPAT_RESTART_CMD is not set")
            report.skip("durable-backlog", "COMPAT_RESTART_CMD is not set")
        else:
            restarted = report.run("reconnect", reconnect)
            if SETTINGS.skips("durable"):
                report.skip("durable-backlog", DURABLE_SKIP)
                durable_cleanup()
            elif restarted:
                report.run("durable-backlog", durable_backlog)
            else:
                report.fail("durable-backlog", "not checked: the reconnect step failed")
    finally:
        workers.stop_all()
    return report


if __name__ == "__main__":
    outcome = main()
    if outcome.failed:
        print("worker logs and the task journal: %s" % LOG_DIR, file=sys.stderr)
    print("python-celery: %d passed, %d failed, %d skipped" % (outcome.passed, outcome.failed, outcome.skipped),
          flush=True)
    sys.exit(1 if outcome.failed else 0)
