package dev.spool.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.format.DeduplicationRecordDescriptor;
import dev.spool.store.format.FileHeaderDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeduplicationLogTest {
    @TempDir
    Path dir;

    private record Entry(String key, long expiresAt) {
    }

    private static List<Entry> replay(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        DeduplicationLog.open(file, (key, expiresAt) -> entries.add(new Entry(key, expiresAt))).close();
        return entries;
    }

    @Test
    void appendedRecordsReplayInOrderWithTombstones() throws IOException {
        Path file = dir.resolve("sub").resolve("queue-1.dedup");
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { })) {
            log.append("a", 100);
            log.append("\u0000int:7", Long.MAX_VALUE);
            log.append("ü-key", 200);
            log.append("a", DeduplicationRecordDescriptor.TOMBSTONE);
            assertThat(log.records()).isEqualTo(4);
        }

        assertThat(replay(file)).containsExactly(new Entry("a", 100), new Entry("\u0000int:7", Long.MAX_VALUE),
                new Entry("ü-key", 200), new Entry("a", DeduplicationRecordDescriptor.TOMBSTONE));
    }

    @Test
    void recordsWrittenWithoutCloseOrFsyncAreReplayed() throws IOException {
        Path file = dir.resolve("x.dedup");
        DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { });
        log.append("kept", 1);
        // no close: as after a kill -9, what was written is in the file

        assertThat(replay(file)).containsExactly(new Entry("kept", 1));
        log.close();
    }

    @Test
    void tornTailIsTruncatedAndAppendsContinueAfterTheLastGoodRecord() throws IOException {
        Path file = dir.resolve("x.dedup");
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { })) {
            log.append("one", 1);
            log.append("two", 2);
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 2); // the second record torn
        }

        List<Entry> entries = new ArrayList<>();
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> entries.add(new Entry(k, e)))) {
            assertThat(entries).containsExactly(new Entry("one", 1));
            log.append("three", 3);
        }

        assertThat(replay(file)).containsExactly(new Entry("one", 1), new Entry("three", 3));
    }

    @Test
    void corruptRecordStopsTheReplayThere() throws IOException {
        Path file = dir.resolve("x.dedup");
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { })) {
            log.append("one", 1);
            log.append("two", 2);
        }
        int secondKey = FileHeaderDescriptor.LENGTH + DeduplicationRecordDescriptor.HEADER_LENGTH + 3
                + DeduplicationRecordDescriptor.KEY_OFFSET;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), secondKey);
        }

        assertThat(replay(file)).containsExactly(new Entry("one", 1));
    }

    @Test
    void rewriteReplacesTheContentWithTheSnapshot() throws IOException {
        Path file = dir.resolve("x.dedup");
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { })) {
            for (int i = 0; i < 100; i++) {
                log.append("k" + i, i);
            }
            log.rewrite(out -> {
                out.entry("k98", 98);
                out.entry("k99", 99);
            });
            assertThat(log.records()).isEqualTo(2);
            log.append("k100", 100);
        }

        assertThat(replay(file)).containsExactly(new Entry("k98", 98), new Entry("k99", 99), new Entry("k100", 100));
        assertThat(Files.exists(dir.resolve("x.dedup" + DeduplicationLog.COMPACT_SUFFIX))).isFalse();
    }

    @Test
    void leftoverCompactionFileIsDeletedOnOpen() throws IOException {
        Path file = dir.resolve("x.dedup");
        try (DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { })) {
            log.append("kept", 1);
        }
        Files.writeString(dir.resolve("x.dedup" + DeduplicationLog.COMPACT_SUFFIX), "half written");

        assertThat(replay(file)).containsExactly(new Entry("kept", 1));
        assertThat(Files.exists(dir.resolve("x.dedup" + DeduplicationLog.COMPACT_SUFFIX))).isFalse();
    }

    @Test
    void deleteRemovesTheFile() throws IOException {
        Path file = dir.resolve("x.dedup");
        DeduplicationLog log = DeduplicationLog.open(file, (k, e) -> { });
        log.append("k", 1);
        log.delete();

        assertThat(Files.exists(file)).isFalse();
        assertThatThrownBy(() -> log.append("k", 2)).isInstanceOf(IOException.class);
    }

    @Test
    void fileOfAnotherKindIsRefused() throws IOException {
        Path file = dir.resolve("x.dedup");
        Files.write(file, "SPLDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".getBytes());

        assertThatThrownBy(() -> DeduplicationLog.open(file, (k, e) -> { }))
                .isInstanceOf(CorruptStoreException.class);
    }
}
