package dev.spool.store.log;

import dev.spool.store.format.LogPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static dev.spool.store.log.LogFixture.eventually;
import static dev.spool.store.log.LogFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {
    @TempDir
    Path dir;

    private final FaultInjection faults = new FaultInjection();

    private SegmentedLog open(SyncPolicy policy) throws IOException {
        return SegmentedLog.open(dir, new LogSettings(64 * 1024, policy), RecoveryHandler.KEEP_ALL, faults);
    }

    @Test
    void concurrentAppendersHearOnceEachOnlyAfterAnFsyncCoveredTheirRecord() throws Exception {
        int threads = 8;
        int perThread = 250;
        int total = threads * perThread;
        AtomicIntegerArray calls = new AtomicIntegerArray(total);
        AtomicReferenceArray<String> failures = new AtomicReferenceArray<>(total);
        AtomicLongArray positions = new AtomicLongArray(total);
        int frameLength = (int) message(1, "body-00000").frameLength();
        // Durable sizes of every segment as the sync thread saw them when it fired each callback.
        AtomicReferenceArray<long[]> durableAtCallback = new AtomicReferenceArray<>(total);
        DurableCallback callback = new DurableCallback() {
            @Override
            public void onDurable(long token) {
                durableAtCallback.set((int) token, faults.durableSizes());
                calls.incrementAndGet((int) token);
            }

            @Override
            public void onFailed(long token, IOException cause) {
                failures.set((int) token, cause.toString());
                calls.incrementAndGet((int) token);
            }
        };

        try (SegmentedLog log = open(SyncPolicy.batched(Duration.ofMillis(2), 1024))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                Thread appender = new Thread(() -> {
                    MessageDraft draft = new MessageDraft();
                    awaitQuietly(start);
                    for (int i = first; i < first + perThread; i++) {
                        draft.clear().addQueue(1).persistent(true).exchange("amq.direct").routingKey("rk")
                                .timestampMillis(1_700_000_000_000L).properties(new byte[] {(byte) 0x90, 0, 2})
                                .body(String.format("body-%05d", i).getBytes());
                        positions.set(i, log.append(draft, callback, i));
                    }
                });
                appender.start();
                appenders.add(appender);
            }
            start.countDown();
            for (Thread appender : appenders) {
                appender.join();
            }
            eventually(() -> {
                for (int i = 0; i < total; i++) {
                    if (calls.get(i) == 0) {
                        return false;
                    }
                }
                return true;
            });

            for (int i = 0; i < total; i++) {
                assertThat(calls.get(i)).as("callbacks for token %d", i).isEqualTo(1);
                assertThat(failures.get(i)).isNull();
                long position = positions.get(i);
                long durableSize = durableAtCallback.get(i)[(int) LogPosition.segmentId(position)];
                assertThat(durableSize).as("fsynced bytes of its segment when token %d was confirmed", i)
                        .isGreaterThanOrEqualTo(LogPosition.offset(position) + frameLength);
            }
            assertThat(faults.forceCount()).as("fsyncs for %d appends", total).isLessThan(total / 4);
            assertThat(log.syncCount()).isLessThan(total / 4);
        }
    }

    @Test
    void batchedPolicyMakesOneFsyncOnceTheBatchIsFull() throws Exception {
        try (SegmentedLog log = open(SyncPolicy.batched(Duration.ofMinutes(1), 10))) {
            eventually(() -> log.syncCount() == 1); // the new segment's directory entry
            RecordingCallback callback = new RecordingCallback();
            for (int i = 0; i < 10; i++) {
                log.append(message(1, "m" + i), callback, i);
            }
            callback.awaitOutcomes(10);

            assertThat(log.syncCount()).isEqualTo(2);
            assertThat(callback.outcomes).hasSize(10).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)
                    .doesNotContainValue("failed");
        }
    }

    @Test
    void batchedPolicyWaitsAtMostTheMaxDelayForCompany() throws Exception {
        try (SegmentedLog log = open(SyncPolicy.batched(Duration.ofMillis(30), 1000))) {
            CountDownLatch confirmed = new CountDownLatch(1);
            long start = System.nanoTime();
            log.append(message(1, "alone"), new DurableCallback() {
                @Override
                public void onDurable(long token) {
                    confirmed.countDown();
                }

                @Override
                public void onFailed(long token, IOException cause) {
                }
            }, 0);

            assertThat(confirmed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
    }

    @Test
    void alwaysPolicyConfirmsEachAppendAfterAnFsync() throws Exception {
        try (SegmentedLog log = open(SyncPolicy.ALWAYS)) {
            RecordingCallback callback = new RecordingCallback();
            for (int i = 0; i < 20; i++) {
                long position = log.append(message(1, "m" + i), callback, i);
                callback.awaitOutcomes(i + 1);
                assertThat(faults.isDurable(position, (int) message(1, "m" + i).frameLength())).isTrue();
            }
        }
    }

    @Test
    void neverPolicyConfirmsWithoutAnyFsync() throws Exception {
        try (SegmentedLog log = open(SyncPolicy.NEVER)) {
            RecordingCallback callback = new RecordingCallback();
            for (int i = 0; i < 100; i++) {
                log.append(message(1, "m" + i), callback, i);
            }
            callback.awaitOutcomes(100);

            assertThat(faults.forceCount()).isZero();
            assertThat(log.syncCount()).isZero();
        }
    }

    @Test
    void persistentRecordWithoutACallbackIsFsyncedAnyway() throws Exception {
        try (SegmentedLog log = open(SyncPolicy.ALWAYS)) {
            long position = log.append(message(1, "nobody waits"), null, 0);
            eventually(() -> faults.isDurable(position, (int) message(1, "nobody waits").frameLength()));
        }
    }

    @Test
    void closeConfirmsEveryOutstandingAppendBeforeReturning() throws Exception {
        RecordingCallback callback = new RecordingCallback();
        SegmentedLog log = open(SyncPolicy.batched(Duration.ofMinutes(1), 1_000_000));
        for (int i = 0; i < 5; i++) {
            log.append(message(1, "m" + i), callback, i);
        }
        log.close();

        assertThat(callback.outcomes).hasSize(5).containsValue("durable").doesNotContainValue("failed");
    }

    @Test
    void callbackThatThrowsDoesNotCostOthersTheirCallback() throws Exception {
        RecordingCallback recording = new RecordingCallback();
        DurableCallback throwing = new DurableCallback() {
            @Override
            public void onDurable(long token) {
                throw new IllegalStateException("bug in a channel");
            }

            @Override
            public void onFailed(long token, IOException cause) {
                throw new IllegalStateException("bug in a channel");
            }
        };
        try (SegmentedLog log = open(SyncPolicy.batched(Duration.ofMinutes(1), 3))) {
            log.append(message(1, "a"), recording, 1);
            log.append(message(1, "b"), throwing, 2);
            log.append(message(1, "c"), recording, 3);
            recording.awaitOutcomes(2);
            assertThat(recording.outcomes).containsOnlyKeys(1L, 3L);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
