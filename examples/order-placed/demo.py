#!/usr/bin/python3
"""The scripted scenario behind `run.sh demo`: one service is down for a while and nothing is lost.

1. The four services start as Celery workers (separate processes); the shop places 10 orders; every service
   handles all 10.
2. The shipping service is stopped (SIGTERM: Celery's warm shutdown finishes the event in hand first).
3. The shop places 10 more orders; payment, inventory and email handle them at once, while the 10 events for
   shipping wait in orders.shipping.
4. Shipping starts again and catches up.
5. Checks: every service handled every one of the 20 orders exactly once, and the four queues are empty.

Prints one PASS/FAIL line per check and exits 1 when one failed. It purges the four queues first; workers' logs and
the journal (one line per handled event, see topology.journal) go to a temporary folder, printed at the end and
deleted when everything passed.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
WORK_DIR = tempfile.mkdtemp(prefix="spool-order-placed-")
JOURNAL = os.path.join(WORK_DIR, "journal.txt")
os.environ["ORDERS_JOURNAL"] = JOURNAL  # before topology is imported: the workers inherit it
open(JOURNAL, "w").close()

import shop  # noqa: E402
from topology import ALL_QUEUES, SERVICES  # noqa: E402

RUN = uuid.uuid4().hex[:6]  # in every order id, so events left over from an interrupted run never count
FIRST, SECOND = 10, 10
TIMEOUT = 60
failures = []


def check(passed, what):
    print(("PASS " if passed else "FAIL ") + what, flush=True)
    if not passed:
        failures.append(what)


def say(what):
    print("---- " + what, flush=True)


class Services:
    """The Celery workers this demo started, each in its own session so it can signal exactly them."""

    def __init__(self):
        self.processes = {}

    def start(self, service):
        log = open(os.path.join(WORK_DIR, "%s.log" % service), "ab")
        self.processes[service] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "services." + service, "worker", "-Q", "orders." + service,
             "-P", "solo", "-n", "%s@demo" % service, "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "INFO"],
            cwd=HERE, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_consuming(self, services):
        """Until each service's queue has its consumer: the worker is connected and ready."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            depths = shop.queue_depths()
            if all(depths["orders." + s][1] > 0 for s in services):
                return True
            for service in services:
                if self.processes[service].poll() is not None:
                    print("  %s exited with %s; see %s" % (service, self.processes[service].returncode,
                                                           os.path.join(WORK_DIR, service + ".log")))
                    return False
            time.sleep(0.2)
        return False

    def stop(self, service):
        process = self.processes.pop(service)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def stop_all(self):
        for service, process in list(self.processes.items()):
            try:
                self.stop(service)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass


def handled():
    """service -> {order id: times handled} for this run's orders, from the journal."""
    counts = {service: {} for service in SERVICES}
    with open(JOURNAL) as journal:
        for line in journal:
            service, order_id = line.split()[:2]
            if RUN in order_id:
                counts[service][order_id] = counts[service].get(order_id, 0) + 1
    return counts


def wait_handled(services, order_ids):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        counts = handled()
        if all(all(o in counts[s] for o in order_ids) for s in services):
            return True
        time.sleep(0.2)
    return False


def place(count, first_number):
    ids = []
    for number in range(first_number, first_number + count):
        order = shop.new_order(number, RUN)
        shop.place(order)
        ids.append(order["id"])
    return ids


def main():
    services = Services()
    started = time.monotonic()
    try:
        with shop.app.connection_for_write() as connection:
            channel = connection.default_channel
            for queue in ALL_QUEUES:
                queue(channel).declare()
                channel.queue_purge(queue.name)
        for service in SERVICES:
            services.start(service)
        check(services.wait_consuming(SERVICES), "the four services are up: %s" % ", ".join(SERVICES))

        orders = place(FIRST, 1)
        check(wait_handled(SERVICES, orders), "%d orders placed, every service handled all of them" % FIRST)

        say("stopping the shipping service")
        services.stop("shipping")
        later = place(SECOND, FIRST + 1)
        others = [s for s in SERVICES if s != "shipping"]
        others_kept_up = wait_handled(others, later)
        waiting = shop.queue_depths()["orders.shipping"][0]
        check(others_kept_up and waiting == SECOND,
              "with shipping down, %s handled %d more orders (%s) and %d events waited in orders.shipping "
              "(expected %d)" % (", ".join(others), SECOND, "yes" if others_kept_up else "no", waiting, SECOND))

        say("starting the shipping service again")
        services.start("shipping")
        caught_up = wait_handled(["shipping"], later)
        check(caught_up, "shipping came back and caught up with the %d orders placed while it was down" % SECOND)

        time.sleep(1)  # a duplicate would show up now
        counts = handled()
        everything = orders + later
        wrong = ["%s handled %s %dx" % (s, o, counts[s].get(o, 0))
                 for s in SERVICES for o in everything if counts[s].get(o, 0) != 1]
        check(not wrong, "every service handled each of the %d orders exactly once%s" % (
            len(everything), "; wrong: %s" % wrong[:8] if wrong else ""))
        depths = shop.queue_depths()
        left = {name: waiting for name, (waiting, _) in depths.items() if waiting}
        check(not left, "the four queues are empty%s" % ("; left: %s" % left if left else ""))
    finally:
        services.stop_all()
    print("order-placed demo: %s (%d s)" % ("FAIL" if failures else "PASS", time.monotonic() - started))
    if failures:
        print("workers' logs and the journal are in %s" % WORK_DIR)
        return 1
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
