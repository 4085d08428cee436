package dev.spool.store.log;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Remembers the outcome of every token and how often it was told. */
final class RecordingCallback implements DurableCallback {
    final Map<Long, String> outcomes = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public void onDurable(long token) {
        record(token, "durable");
    }

    @Override
    public void onFailed(long token, IOException cause) {
        record(token, "failed: " + cause.getMessage());
    }

    private void record(long token, String outcome) {
        calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        outcomes.put(token, outcome);
    }

    /** Waits until {@code count} distinct tokens have an outcome. */
    void awaitOutcomes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outcomes.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + outcomes.size() + " of " + count + " callbacks arrived");
            }
            Thread.sleep(1);
        }
    }
}
