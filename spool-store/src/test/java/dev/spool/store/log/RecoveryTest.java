package dev.spool.store.log;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.UnsupportedFormatException;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.LogPosition;
import dev.spool.store.format.MessageRecordDescriptor;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.io.FileHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.spool.store.log.LogFixture.SMALL_SEGMENTS;
import static dev.spool.store.log.LogFixture.appendPersistent;
import static dev.spool.store.log.LogFixture.bodyAt;
import static dev.spool.store.log.LogFixture.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryTest {
    private static final String FIRST_SEGMENT = SegmentDescriptor.segmentFileName(1);

    @TempDir
    Path dir;

    /** Five records in segment 1; returns their positions. */
    private List<Long> fiveRecords(Path directory) throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(directory, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            for (int i = 1; i <= 5; i++) {
                positions.add(appendPersistent(log, 1, "record-" + i));
            }
        }
        return positions;
    }

    /** A fresh directory holding {@code directory}'s files, with segment 1 replaced by {@code segment}. */
    private Path copyWithFirstSegment(Path directory, byte[] segment, String name) throws IOException {
        Path copy = Files.createDirectory(dir.resolve(name));
        for (String file : files(directory, "")) {
            Files.copy(directory.resolve(file), copy.resolve(file));
        }
        Files.write(copy.resolve(FIRST_SEGMENT), segment);
        return copy;
    }

    @Test
    void tornLastRecordAtEveryCutIsDroppedAndEverythingBeforeItKept() throws IOException {
        Path original = Files.createDirectory(dir.resolve("original"));
        List<Long> positions = fiveRecords(original);
        byte[] pristine = Files.readAllBytes(original.resolve(FIRST_SEGMENT));
        int lastStart = LogPosition.offset(positions.get(4));

        for (int cut = lastStart; cut < pristine.length; cut++) {
            Path copy = copyWithFirstSegment(original, Arrays.copyOf(pristine, cut), "cut-" + cut);
            LogFixture.Collector collector = new LogFixture.Collector();
            try (SegmentedLog log = SegmentedLog.open(copy, LogSettings.DEFAULT, collector)) {
                assertThat(collector.bodies()).as("cut at %d", cut)
                        .containsExactly("record-1", "record-2", "record-3", "record-4");
                assertThat(log.recoverySummary().truncatedBytes()).isEqualTo(cut - lastStart);
                assertThat(log.recoverySummary().truncatedSegments()).isEqualTo(cut == lastStart ? 0 : 1);
                assertThat(Files.size(copy.resolve(FIRST_SEGMENT))).isEqualTo(lastStart);

                long next = appendPersistent(log, 1, "after the crash");
                assertThat(bodyAt(log, next)).isEqualTo("after the crash");
                assertThat(bodyAt(log, positions.get(3))).isEqualTo("record-4");
            }
        }
    }

    @Test
    void flippedByteAnywhereInARecordFailsItsCheckAndTruncatesThere() throws IOException {
        Path original = Files.createDirectory(dir.resolve("original"));
        List<Long> positions = fiveRecords(original);
        byte[] pristine = Files.readAllBytes(original.resolve(FIRST_SEGMENT));
        int start = LogPosition.offset(positions.get(2));
        int end = LogPosition.offset(positions.get(3));

        // Every byte of the fixed header, then a sample of the queue ids, shortstrs, properties and body.
        for (int at = start; at < end; at += at - start < MessageRecordDescriptor.HEADER_LENGTH ? 1 : 3) {
            byte[] damaged = pristine.clone();
            damaged[at] ^= 0x10;
            Path copy = copyWithFirstSegment(original, damaged, "flip-" + at);
            LogFixture.Collector collector = new LogFixture.Collector();
            try (SegmentedLog log = SegmentedLog.open(copy, LogSettings.DEFAULT, collector)) {
                assertThat(collector.bodies()).as("byte %d flipped", at).containsExactly("record-1", "record-2");
                assertThat(log.recoverySummary().truncatedBytes()).isEqualTo(pristine.length - start);
            }
        }
    }

    @Test
    void corruptRecordInAnOlderSegmentKeepsEveryLaterSegment() throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 40; i++) {
                positions.add(appendPersistent(log, 1, "m" + i));
            }
        }
        Path first = dir.resolve(FIRST_SEGMENT);
        byte[] bytes = Files.readAllBytes(first);
        bytes[LogPosition.offset(positions.get(1)) + 30] ^= 0x01;
        Files.write(first, bytes);
        long lostUpTo = positions.stream().filter(p -> LogPosition.segmentId(p) == 1).count();

        LogFixture.Collector collector = new LogFixture.Collector();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, collector)) {
            List<String> expected = new ArrayList<>();
            expected.add("m0");
            for (int i = (int) lostUpTo; i < 40; i++) {
                expected.add("m" + i);
            }
            assertThat(collector.bodies()).containsExactlyElementsOf(expected);
            assertThat(log.recoverySummary().truncatedSegments()).isEqualTo(1);
        }
    }

    @Test
    void segmentWithATornHeaderIsRemovedAsACrashLeftover() throws IOException {
        fiveRecords(dir);
        Files.write(dir.resolve(SegmentDescriptor.segmentFileName(9)), new byte[10]);

        LogFixture.Collector collector = new LogFixture.Collector();
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, collector)) {
            assertThat(collector.bodies()).hasSize(5);
            assertThat(log.recoverySummary().removedFiles()).isEqualTo(1);
            assertThat(dir.resolve(SegmentDescriptor.segmentFileName(9))).doesNotExist();
        }
    }

    @Test
    void settlementFileWhoseSegmentWasAlreadyDeletedIsRemoved() throws IOException {
        fiveRecords(dir);
        SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL).close(); // segment 2 now exists
        Files.delete(dir.resolve(FIRST_SEGMENT)); // a crash between the two deletions of a reclamation
        Path orphan = dir.resolve(SegmentDescriptor.settlementFileName(1));

        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            assertThat(orphan).doesNotExist();
            assertThat(log.recoverySummary().removedFiles()).isEqualTo(1);
        }
    }

    @Test
    void segmentOfANewerFormatStopsTheOpenWithAnUpgradeMessage() throws IOException {
        fiveRecords(dir);
        overwriteHeaderInt(dir.resolve(FIRST_SEGMENT), FileHeaderDescriptor.VERSION_OFFSET, 7);

        assertThatThrownBy(() -> SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("data directory format 7 is newer than this Spool (supports 1): upgrade Spool");
        assertThat(Files.size(dir.resolve(FIRST_SEGMENT))).as("nothing truncated").isGreaterThan(200);
    }

    @Test
    void fileWithAForeignMagicStopsTheOpen() throws IOException {
        fiveRecords(dir);
        overwriteHeaderInt(dir.resolve(FIRST_SEGMENT), FileHeaderDescriptor.MAGIC_OFFSET, 0x4B4E554A);

        assertThatThrownBy(() -> SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("not a Spool SPLS file");
    }

    @Test
    void recordDamagedAfterItWasWrittenIsReportedOnReadNotDelivered() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            long position = appendPersistent(log, 1, "fragile");
            Path segment = dir.resolve(SegmentDescriptor.segmentFileName(LogPosition.segmentId(position)));
            byte[] bytes = Files.readAllBytes(segment);
            bytes[bytes.length - 2] ^= 0x40;
            Files.write(segment, bytes);

            assertThatThrownBy(() -> log.newReader().read(position)).isInstanceOf(CorruptStoreException.class)
                    .hasMessageContaining("CRC32C");
        }
    }

    private static void overwriteHeaderInt(Path file, int offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(FileHeaderDescriptor.BYTE_ORDER).putInt(offset, value);
        Files.write(file, bytes);
    }
}
