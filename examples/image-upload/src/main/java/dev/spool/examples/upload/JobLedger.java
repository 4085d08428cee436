package dev.spool.examples.upload;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many times each job ran for each upload: what the demo checks "exactly once" against. Threads: the workers'
 * consumer threads record, the demo's main thread reads; the counters are concurrent.
 */
final class JobLedger {

    private final Map<Job, Map<String, AtomicInteger>> runs = new EnumMap<>(Job.class);

    JobLedger() {
        for (Job job : Job.values()) {
            runs.put(job, new ConcurrentHashMap<>());
        }
    }

    void record(Job job, String uploadId) {
        runs.get(job).computeIfAbsent(uploadId, id -> new AtomicInteger()).incrementAndGet();
    }

    int runs(Job job, String uploadId) {
        AtomicInteger count = runs.get(job).get(uploadId);
        return count == null ? 0 : count.get();
    }

    /** Uploads the job ran for at least once. */
    int uploadsDone(Job job) {
        return runs.get(job).size();
    }
}
