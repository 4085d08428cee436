package dev.spool.store.log;

import dev.spool.store.format.LogPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.spool.store.log.LogFixture.bodyAt;
import static dev.spool.store.log.LogFixture.files;
import static dev.spool.store.log.LogFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

class WriteFailureTest {
    @TempDir
    Path dir;

    private final FaultInjection faults = new FaultInjection();
    private final RecordingCallback callback = new RecordingCallback();

    private SegmentedLog open() throws IOException {
        return SegmentedLog.open(dir, new LogSettings(64 * 1024, SyncPolicy.ALWAYS), RecoveryHandler.KEEP_ALL, faults);
    }

    @Test
    void failedWriteReturnsNoPositionAndFailsTheCallback() throws Exception {
        try (SegmentedLog log = open()) {
            long before = log.append(message(1, "before"), callback, 1);
            faults.failWrites(1);
            long failed = log.append(message(1, "disk full"), callback, 2);
            long after = log.append(message(1, "after"), callback, 3);
            callback.awaitOutcomes(3);

            assertThat(failed).isEqualTo(LogPosition.NONE);
            assertThat(callback.outcomes).containsEntry(1L, "durable")
                    .containsEntry(2L, "failed: No space left on device")
                    .containsEntry(3L, "durable");
            assertThat(LogPosition.segmentId(after)).as("a new segment after the failure")
                    .isEqualTo(LogPosition.segmentId(before) + 1);
            assertThat(bodyAt(log, before)).isEqualTo("before");
            assertThat(bodyAt(log, after)).isEqualTo("after");
        }
    }

    @Test
    void failedFsyncFailsTheAppendsItWouldHaveCoveredAndLaterAppendsGoToANewSegment() throws Exception {
        try (SegmentedLog log = open()) {
            faults.failForces(1);
            long unsure = log.append(message(1, "unsure"), callback, 1);
            callback.awaitOutcomes(1);
            long after = log.append(message(1, "after"), callback, 2);
            callback.awaitOutcomes(2);

            assertThat(callback.outcomes).containsEntry(1L, "failed: Input/output error").containsEntry(2L, "durable");
            assertThat(LogPosition.segmentId(after)).isEqualTo(LogPosition.segmentId(unsure) + 1);
            assertThat(callback.calls.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    @Test
    void recordWrittenWhileAFailingFsyncRanIsNotConfirmedByALaterOne() throws Exception {
        try (SegmentedLog log = open()) {
            faults.failForces(1);
            CountDownLatch gate = faults.holdForces();
            long first = log.append(message(1, "in the failing fsync"), callback, 1);
            faults.awaitHeldForce();
            long second = log.append(message(1, "written meanwhile"), callback, 2);
            gate.countDown();
            callback.awaitOutcomes(2);
            long third = log.append(message(1, "after"), callback, 3);
            callback.awaitOutcomes(3);

            assertThat(LogPosition.segmentId(second)).isEqualTo(LogPosition.segmentId(first));
            assertThat(callback.outcomes).containsEntry(1L, "failed: Input/output error")
                    .containsEntry(3L, "durable");
            assertThat(callback.outcomes.get(2L)).startsWith("failed: an earlier fsync of");
            assertThat(LogPosition.segmentId(third)).isEqualTo(LogPosition.segmentId(first) + 1);
        }
    }

    @Test
    void failedSegmentCreationFailsTheAppendAndLeavesNoFileBehind() throws Exception {
        try (SegmentedLog log = open()) {
            faults.failWrites(2); // the record's write, then the next segment's header
            long first = log.append(message(1, "disk full"), callback, 1);
            long second = log.append(message(1, "still full"), callback, 2);
            long third = log.append(message(1, "space again"), callback, 3);
            callback.awaitOutcomes(3);

            assertThat(first).isEqualTo(LogPosition.NONE);
            assertThat(second).isEqualTo(LogPosition.NONE);
            assertThat(callback.outcomes).containsEntry(3L, "durable");
            assertThat(LogPosition.segmentId(third)).isEqualTo(2);
            LogFixture.eventually(() -> listSegments().size() == 1);
            assertThat(listSegments()).as("no half-created segment; the empty broken one reclaimed")
                    .containsExactly("00000000000000000002.seg");
        }
    }

    private List<String> listSegments() {
        try {
            return files(dir, ".seg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void confirmedRecordsAroundAFailureAreRecoveredInOrderWithoutTheFailedOne() throws Exception {
        try (SegmentedLog log = open()) {
            log.append(message(1, "one"), callback, 1);
            log.append(message(1, "two"), callback, 2);
            faults.failWrites(1);
            log.append(message(1, "lost"), callback, 3);
            log.append(message(1, "three"), callback, 4);
            callback.awaitOutcomes(4);
        }
        LogFixture.Collector collector = new LogFixture.Collector();
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, collector)) {
            assertThat(collector.bodies()).containsExactly("one", "two", "three");
            assertThat(log.recoverySummary().truncatedSegments()).as("the failed write was cut off at once").isZero();
        }
    }
}
