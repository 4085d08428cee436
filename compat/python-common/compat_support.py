"""What every Python compatibility program shares: its settings, the exactly-once ledger, the report lines, the
order of the steps and the broker restart.

The programs (python-pika, python-kombu, python-celery) run with Debian's /usr/bin/python3 and its python3-pika,
python3-kombu and python3-celery packages; this module needs only the standard library.

Environment, the same for every client in compat/ (see compat/README.md):
  COMPAT_HOST, COMPAT_PORT          the broker (default 127.0.0.1:5672)
  COMPAT_USER, COMPAT_PASSWORD      credentials (default guest / guest)
  COMPAT_RESTART_CMD                shell command restarting the broker on the same port, returning once it accepts
                                    connections; without it the reconnect step is skipped
  COMPAT_SKIP                       comma-separated features the broker lacks: dlx (dead-lettering), durable
                                    (messages kept across a restart)
"""

import os
import subprocess
import sys
import time
import traceback

DEAD_LETTER_SKIP = "needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)"
DURABLE_SKIP = "needs messages kept on disk across a restart (durability issue)"

# The topic fan-out every client checks: routing key -> the queues (suffixes) it must reach, and each queue's
# binding patterns. 'eu' has two bindings that both match order.created.eu: it must still get one copy.
TOPIC_ROUTES = {
    "order.created": ["all", "orders"],
    "order.created.eu": ["all", "eu"],
    "payment.done.eu": ["all", "eu"],
    "order.shipped.us": ["all"],
    "order": ["all"],
    "audit": ["all"],
}
TOPIC_BINDINGS = {
    "all": ["#"],
    "orders": ["order.*"],
    "eu": ["*.*.eu", "order.#.eu"],
}


class CheckFailure(Exception):
    """The broker did something RabbitMQ would not: the message says what was expected and what happened."""


class Settings:
    """The broker and the runner's instructions, read once from the environment."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.host = env.get("COMPAT_HOST", "127.0.0.1")
        self.port = int(env.get("COMPAT_PORT", "5672"))
        self.user = env.get("COMPAT_USER", "guest")
        self.password = env.get("COMPAT_PASSWORD", "guest")
        self.restart_cmd = env.get("COMPAT_RESTART_CMD", "").strip()
        self.skipped = {s.strip() for s in env.get("COMPAT_SKIP", "").split(",") if s.strip()}

    def skips(self, feature):
        return feature in self.skipped

    @property
    def url(self):
        return "amqp://%s:%s@%s:%d//" % (self.user, self.password, self.host, self.port)


class Ledger:
    """Counts deliveries per message id, to assert every expected message arrived exactly once and nothing else.

    Single-threaded clients (pika, kombu) record from their own callbacks while wait_all pumps the connection;
    wait_all takes the pump function that reads from the socket for a short while.
    """

    def __init__(self, label):
        self.label = label
        self.expected = []
        self._expected_set = set()
        self.counts = {}
        self.unexpected = []

    def expect(self, message_id):
        self.expected.append(message_id)
        self._expected_set.add(message_id)

    def record(self, message_id):
        if isinstance(message_id, bytes):
            message_id = message_id.decode()
        self.counts[message_id] = self.counts.get(message_id, 0) + 1
        if message_id not in self._expected_set:
            self.unexpected.append(message_id)

    def complete(self):
        return all(m in self.counts for m in self.expected)

    def wait_all(self, timeout, pump):
        """Pumps until every expected id was seen or timeout seconds passed; verify_exactly_once says which."""
        deadline = time.monotonic() + timeout
        while not self.complete() and time.monotonic() < deadline:
            pump()

    def verify_exactly_once(self):
        missing = [m for m in self.expected if m not in self.counts]
        duplicated = ["%s x%d" % (m, c) for m, c in self.counts.items() if c > 1]
        if missing or duplicated or self.unexpected:
            raise CheckFailure("%s: expected %d messages once each; missing %d%s, duplicated %d%s, unexpected %d%s" % (
                self.label, len(self.expected), len(missing), _first_few(missing), len(duplicated),
                _first_few(duplicated), len(self.unexpected), _first_few(self.unexpected)))


def _first_few(items):
    return " %s" % items[:5] if items else ""


def pump_for(seconds, pump):
    """Keeps reading from the connection for a while, so late (duplicate) deliveries show up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pump()


def restart_broker(settings):
    """Runs COMPAT_RESTART_CMD; returns how long the restart took in milliseconds."""
    started = time.monotonic()
    try:
        result = subprocess.run(["/bin/sh", "-c", settings.restart_cmd], timeout=90,
                                stdout=sys.stderr, stderr=sys.stderr)
    except subprocess.TimeoutExpired:
        raise CheckFailure("restart command did not finish within 90 s: %s" % settings.restart_cmd)
    if result.returncode != 0:
        raise CheckFailure("restart command exited %d: %s" % (result.returncode, settings.restart_cmd))
    return int((time.monotonic() - started) * 1000)


def x_death_summary(headers):
    """'reason queue count' of the first x-death entry, or what was there instead."""
    deaths = (headers or {}).get("x-death")
    if not deaths:
        return "missing (headers %r)" % (headers,)
    first = deaths[0]

    def text(value):
        return value.decode() if isinstance(value, bytes) else str(value)

    return "%s %s %s" % (text(first.get("reason")), text(first.get("queue")), text(first.get("count")))


class Report:
    """Prints the one line per step the runner reads: PASS/SKIP/FAIL step: detail."""

    def __init__(self, client):
        self.client = client
        self.passed = self.failed = self.skipped = 0

    def passed_step(self, step, detail):
        self.passed += 1
        print("PASS %s: %s" % (step, detail), flush=True)

    def skip(self, step, reason):
        self.skipped += 1
        print("SKIP %s: %s" % (step, reason), flush=True)

    def fail(self, step, reason):
        self.failed += 1
        print("FAIL %s: %s" % (step, reason), flush=True)

    def run(self, step, function):
        """Runs one step; a failure is reported and the next steps still run. Returns True when it passed."""
        started = time.monotonic()

        def elapsed():
            return " (%.1f s)" % (time.monotonic() - started)

        try:
            self.passed_step(step, function() + elapsed())
            return True
        except CheckFailure as failure:
            self.fail(step, str(failure) + elapsed())
        except Exception as error:  # a client error: say which, keep the trace on stderr
            self.fail(step, "client error: %s: %s%s" % (type(error).__name__, error, elapsed()))
            traceback.print_exc()
        return False


def run_suite(client, settings, publish_consume, confirms, topic_fanout, dead_letter, reconnect, durable_backlog,
              durable_cleanup):
    """Runs the steps in the order every client uses and exits 1 when any failed."""
    report = Report(client)
    report.run("publish-consume", publish_consume)
    report.run("confirms", confirms)
    report.run("topic-fanout", topic_fanout)
    if settings.skips("dlx"):
        report.skip("dead-letter", DEAD_LETTER_SKIP)
    else:
        report.run("dead-letter", dead_letter)
    if not settings.restart_cmd:
        report.skip("reconnect", "COMPAT_RESTART_CMD is not set")
        report.skip("durable-backlog", "COMPAT_RESTART_CMD is not set")
    else:
        restarted = report.run("reconnect", reconnect)
        if settings.skips("durable"):
            report.skip("durable-backlog", DURABLE_SKIP)
            try:
                durable_cleanup()
            except Exception as error:
                print("could not clean up the durable queue: %s" % error, file=sys.stderr)
        elif restarted:
            report.run("durable-backlog", durable_backlog)
        else:
            report.fail("durable-backlog", "not checked: the reconnect step failed")
    print("%s: %d passed, %d failed, %d skipped" % (client, report.passed, report.failed, report.skipped),
          flush=True)
    sys.exit(1 if report.failed else 0)
