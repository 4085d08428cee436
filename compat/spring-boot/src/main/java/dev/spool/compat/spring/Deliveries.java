package dev.spool.compat.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Where listeners report what they received: a step registers a {@link Ledger} per queue before starting the
 * listener, and listeners record each message id under the queue it came from. Anything else a listener notices
 * (a delivery on a queue no step watches, a wrong header) is a problem the running step fails on. Listener container
 * threads write, the step's thread reads; the collections are concurrent.
 */
@Component
class Deliveries {

    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    void watch(String queue, Ledger ledger) {
        ledgers.put(queue, ledger);
    }

    void record(String queue, String id) {
        Ledger ledger = ledgers.get(queue);
        if (ledger == null) {
            problems.add("delivery of " + id + " on " + queue + ", which no step watches");
        } else {
            ledger.record(id);
        }
    }

    /** Something a listener saw that the step should fail on, such as a wrong header. */
    void problem(String description) {
        problems.add(description);
    }

    /** Fails with every problem reported since the last call, and forgets them. */
    void verifyNoProblems() throws CheckFailure {
        if (problems.isEmpty()) {
            return;
        }
        List<String> seen = List.copyOf(problems);
        problems.clear();
        throw new CheckFailure(String.join("; ", seen.subList(0, Math.min(5, seen.size()))));
    }
}
