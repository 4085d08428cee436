package dev.spool.compat.amqpclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts deliveries per message id, so a step can assert that every message it published arrived exactly once and
 * nothing else arrived. {@link #record} is called on the client's consumer dispatch thread, the rest on the step's
 * thread; every method holds this object's monitor.
 */
final class Ledger {

    private final String label;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private int distinctExpectedSeen;

    Ledger(String label) {
        this.label = label;
    }

    synchronized void expect(String id) {
        expected.add(id);
    }

    synchronized void record(String id) {
        int count = counts.merge(id, 1, Integer::sum);
        if (!expected.contains(id)) {
            unexpected.add(id);
        } else if (count == 1) {
            distinctExpectedSeen++;
        }
        notifyAll();
    }

    /** Waits until every expected id was seen once, or the timeout passed; {@link #verifyExactlyOnce} says which. */
    synchronized void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinctExpectedSeen < expected.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized void verifyExactlyOnce() throws CheckFailure {
        List<String> missing = new ArrayList<>();
        for (String id : expected) {
            if (!counts.containsKey(id)) {
                missing.add(id);
            }
        }
        List<String> duplicated = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > 1) {
                duplicated.add(entry.getKey() + " x" + entry.getValue());
            }
        }
        if (missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        throw new CheckFailure(label + ": expected " + expected.size() + " messages once each; missing "
                + missing.size() + firstFew(missing) + ", duplicated " + duplicated.size() + firstFew(duplicated)
                + ", unexpected " + unexpected.size() + firstFew(unexpected));
    }

    private static String firstFew(List<String> ids) {
        return ids.isEmpty() ? "" : " " + ids.subList(0, Math.min(5, ids.size()));
    }
}
