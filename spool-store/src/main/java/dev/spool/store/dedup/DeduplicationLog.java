package dev.spool.store.dedup;

import dev.spool.store.format.DeduplicationRecordDescriptor;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.Crc;
import dev.spool.store.io.DurableFiles;
import dev.spool.store.io.FileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The deduplication window of one queue or exchange on disk: an append-only file of (key, expiry) records
 * ({@link DeduplicationRecordDescriptor}), one per key the owner accepted, replayed in order when the broker starts
 * and compacted from a snapshot of the window when it has grown to several times the window's size.
 *
 * <p><b>Durability.</b> {@link #append} is one positional write into the page cache, no fsync: a record written
 * before the message it belongs to is enqueued (and confirmed) survives a {@code kill -9}. {@link #force} (called
 * about once a second, off the publish path), {@link #rewrite} and {@link #close} fsync, so after a power loss only
 * the last second's keys may be missing, which lets at most one copy of each of those through again. A torn or
 * corrupt tail is truncated when the file is opened.
 *
 * <p><b>Compaction.</b> {@link #rewrite} writes the snapshot into {@code <file>.compact}, fsyncs it and renames it
 * over the log (a crash before the rename leaves the old log whole and a temp file the next open deletes).
 *
 * <p><b>Threading.</b> Appends, rewrites and close are synchronized on the log; {@link #force} is not (an fsync must
 * not hold up appenders) and tolerates a concurrent rewrite or close.
 */
public final class DeduplicationLog implements Closeable {
    /** Receives records: on replay every record in file order (tombstones included); a snapshot's keys on rewrite. */
    @FunctionalInterface
    public interface Visitor {
        void entry(String key, long expiresAt);
    }

    /** Produces the live window for {@link #rewrite}, least recently seen first. */
    @FunctionalInterface
    public interface Snapshot {
        void writeTo(Visitor out);
    }

    /** Suffix of the temp file a compaction writes before renaming it over the log. */
    public static final String COMPACT_SUFFIX = ".compact";

    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationLog.class);

    private final Path file;
    private final CRC32C crc = new CRC32C();
    private volatile FileChannel channel;
    private ByteBuffer scratch = ByteBuffer.allocate(256).order(FileHeaderDescriptor.BYTE_ORDER);
    private long end;
    private long records;
    private volatile boolean dirty;

    private DeduplicationLog(Path file) {
        this.file = file;
    }

    /**
     * Opens (creating if needed) the log at {@code file} and replays it into {@code replay}, oldest record first.
     *
     * @throws dev.spool.store.CorruptStoreException      when the file is not a deduplication log
     * @throws dev.spool.store.UnsupportedFormatException when a newer Spool wrote it
     */
    public static DeduplicationLog open(Path file, Visitor replay) throws IOException {
        DeduplicationLog log = new DeduplicationLog(file.toAbsolutePath());
        log.recover(replay);
        return log;
    }

    public Path file() {
        return file;
    }

    /** Records in the file: replayed or appended since it was last rewritten. */
    public synchronized long records() {
        return records;
    }

    /** Appends one record (see {@link DeduplicationRecordDescriptor#TOMBSTONE} to take a key back). No fsync. */
    public synchronized void append(String key, long expiresAt) throws IOException {
        FileChannel out = open();
        ByteBuffer record = encode(key, expiresAt);
        try {
            DurableFiles.writeFully(out, record, end);
        } catch (IOException e) {
            try {
                out.truncate(end);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
            }
            throw e;
        }
        end += record.limit();
        records++;
        dirty = true;
    }

    /** Replaces the file's content with {@code snapshot} (see the class comment for the crash-safety steps). */
    public synchronized void rewrite(Snapshot snapshot) throws IOException {
        FileChannel old = open();
        Path temp = file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
        long[] written = {FileHeaderDescriptor.LENGTH, 0};
        IOException[] failure = new IOException[1];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            FileHeader.write(out, FileHeaderDescriptor.DEDUPLICATION_MAGIC, 0);
            snapshot.writeTo((key, expiresAt) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    ByteBuffer record = encode(key, expiresAt);
                    DurableFiles.writeFully(out, record, written[0]);
                    written[0] += record.limit();
                    written[1]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        DurableFiles.replace(temp, file);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = written[0];
        records = written[1];
        dirty = false;
        old.close();
    }

    /** Fsyncs what was appended since the last fsync, if anything. Any thread; never blocks appenders. */
    public void force() throws IOException {
        FileChannel current = channel;
        if (!dirty || current == null) {
            return;
        }
        dirty = false;
        try {
            current.force(false);
        } catch (ClosedChannelException rewrittenOrClosed) {
            // a rewrite fsynced the new file itself; a close fsyncs before closing
        } catch (IOException e) {
            dirty = true;
            throw e;
        }
    }

    /** Fsyncs and closes. */
    @Override
    public synchronized void close() throws IOException {
        FileChannel current = channel;
        if (current != null) {
            channel = null;
            try {
                if (dirty) {
                    current.force(false);
                }
            } finally {
                current.close();
            }
        }
    }

    /** Closes and deletes the file (its owner is gone, or no longer deduplicates). */
    public synchronized void delete() throws IOException {
        FileChannel current = channel;
        channel = null;
        if (current != null) {
            current.close();
        }
        Files.deleteIfExists(file);
    }

    private FileChannel open() throws IOException {
        FileChannel current = channel;
        if (current == null) {
            throw new ClosedChannelException();
        }
        return current;
    }

    private void recover(Visitor replay) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
        if (Files.deleteIfExists(temp)) {
            LOG.warn("{}: deleted an unfinished compaction left by a crash", temp);
        }
        Files.createDirectories(file.getParent());
        boolean exists = Files.exists(file);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (!exists || FileHeader.read(file, opened, FileHeaderDescriptor.DEDUPLICATION_MAGIC) == FileHeader.TORN) {
                opened.truncate(0);
                FileHeader.write(opened, FileHeaderDescriptor.DEDUPLICATION_MAGIC, 0);
                opened.force(true);
                DurableFiles.fsyncDirectory(file.getParent());
                end = FileHeaderDescriptor.LENGTH;
            } else {
                replay(opened, replay);
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
    }

    /** Replays every valid record; truncates at the first torn or corrupt one. */
    private void replay(FileChannel in, Visitor replay) throws IOException {
        long size = in.size();
        long at = FileHeaderDescriptor.LENGTH;
        ByteBuffer header = ByteBuffer.allocate(DeduplicationRecordDescriptor.HEADER_LENGTH)
                .order(FileHeaderDescriptor.BYTE_ORDER);
        while (at + DeduplicationRecordDescriptor.HEADER_LENGTH <= size) {
            header.clear();
            DurableFiles.readFully(in, header, at);
            int frameLength = header.getInt(DeduplicationRecordDescriptor.FRAME_LENGTH_OFFSET);
            if (frameLength < DeduplicationRecordDescriptor.HEADER_LENGTH
                    || frameLength - DeduplicationRecordDescriptor.HEADER_LENGTH
                    > DeduplicationRecordDescriptor.MAX_KEY_LENGTH || at + frameLength > size) {
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(frameLength).order(FileHeaderDescriptor.BYTE_ORDER);
            DurableFiles.readFully(in, record, at);
            int expected = record.getInt(DeduplicationRecordDescriptor.CRC_OFFSET);
            if (Crc.of(crc, record, DeduplicationRecordDescriptor.CRC_COVERAGE_OFFSET, frameLength) != expected) {
                break;
            }
            String key = new String(record.array(), DeduplicationRecordDescriptor.KEY_OFFSET,
                    frameLength - DeduplicationRecordDescriptor.KEY_OFFSET, StandardCharsets.UTF_8);
            replay.entry(key, record.getLong(DeduplicationRecordDescriptor.EXPIRES_AT_OFFSET));
            records++;
            at += frameLength;
        }
        if (at < size) {
            LOG.warn("{}: torn or corrupt record at offset {}; truncating {} bytes there", file, at, size - at);
            in.truncate(at);
            in.force(true);
        }
        end = at;
    }

    private ByteBuffer encode(String key, long expiresAt) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int frameLength = DeduplicationRecordDescriptor.HEADER_LENGTH + bytes.length;
        if (scratch.capacity() < frameLength) {
            scratch = ByteBuffer.allocate(Integer.highestOneBit(frameLength) << 1)
                    .order(FileHeaderDescriptor.BYTE_ORDER);
        }
        ByteBuffer record = scratch;
        record.clear();
        record.putInt(frameLength).putInt(0).putLong(expiresAt).put(bytes);
        record.putInt(DeduplicationRecordDescriptor.CRC_OFFSET,
                Crc.of(crc, record, DeduplicationRecordDescriptor.CRC_COVERAGE_OFFSET, frameLength));
        record.flip();
        return record;
    }
}
