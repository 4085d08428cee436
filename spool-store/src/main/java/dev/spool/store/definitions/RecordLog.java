package dev.spool.store.definitions;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.format.DefinitionRecordDescriptor;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.ChannelOpener;
import dev.spool.store.io.Crc;
import dev.spool.store.io.DurableFiles;
import dev.spool.store.io.FileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The definitions log: a durable map from (type, key) to value, kept as an append-only file of put and delete records
 * ({@link DefinitionRecordDescriptor}) and held in memory in full (definitions are few and small).
 *
 * <p>Every {@link #put} and {@link #delete} is fsynced before it returns, so a declare-ok sent after it is never
 * undone by a crash. When the file holds more than twice the bytes of the live set (and at least the compaction
 * threshold), the live set is rewritten: into {@code <file>.compact}, fsynced, renamed over the log, directory fsynced.
 * A crash before the rename leaves the old log whole and a temp file that the next open deletes; a crash after it
 * leaves the new log whole. A torn or corrupt tail (a crash during a put that was therefore never acknowledged) is
 * truncated on open.
 *
 * <p>Thread-safe: every method is synchronized on the log. Definitions change rarely, so one lock is enough.
 */
public final class RecordLog implements Closeable {
    /** Receives the live definitions, in the order they were first put. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int type, byte[] key, byte[] value);
    }

    /** Suffix of the temp file a compaction writes before renaming it over the log. */
    public static final String COMPACT_SUFFIX = ".compact";
    public static final long DEFAULT_COMPACT_THRESHOLD_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);

    private final Path file;
    private final ChannelOpener opener;
    private final long compactThresholdBytes;
    private final CRC32C crc = new CRC32C();
    private final Map<Key, byte[]> live = new LinkedHashMap<>();
    private FileChannel channel;
    private long end;
    /** Bytes the live set takes as put records. */
    private long liveBytes;
    /** Test seam: runs after the compacted file is fsynced, before the rename. */
    Runnable beforeCompactionRename = () -> { };

    private RecordLog(Path file, ChannelOpener opener, long compactThresholdBytes) {
        this.file = file;
        this.opener = opener;
        this.compactThresholdBytes = compactThresholdBytes;
    }

    /** Opens (creating if needed) the log at {@code file}, replaying it into memory. */
    public static RecordLog open(Path file) throws IOException {
        return open(file, ChannelOpener.DEFAULT, DEFAULT_COMPACT_THRESHOLD_BYTES);
    }

    static RecordLog open(Path file, ChannelOpener opener, long compactThresholdBytes) throws IOException {
        RecordLog log = new RecordLog(file.toAbsolutePath(), opener, compactThresholdBytes);
        log.recover();
        return log;
    }

    /** Sets {@code (type, key)} to {@code value}, durably. */
    public synchronized void put(int type, byte[] key, byte[] value) throws IOException {
        checkOpen();
        ByteBuffer record = encode(DefinitionRecordDescriptor.OPERATION_PUT, type, key, value);
        appendDurably(record);
        byte[] previous = live.put(new Key(type, key.clone()), value.clone());
        if (previous != null) {
            liveBytes -= frameLength(key, previous);
        }
        liveBytes += record.limit();
        compactIfWorthIt();
    }

    /** Removes {@code (type, key)}, durably; does nothing if it is absent. */
    public synchronized void delete(int type, byte[] key) throws IOException {
        checkOpen();
        Key k = new Key(type, key);
        byte[] previous = live.get(k);
        if (previous == null) {
            return;
        }
        appendDurably(encode(DefinitionRecordDescriptor.OPERATION_DELETE, type, key, new byte[0]));
        live.remove(k);
        liveBytes -= frameLength(key, previous);
        compactIfWorthIt();
    }

    /** The value of {@code (type, key)} (a copy), or null. */
    public synchronized byte[] get(int type, byte[] key) {
        byte[] value = live.get(new Key(type, key));
        return value == null ? null : value.clone();
    }

    /** Visits every live definition, in first-put order (so parents put first replay first). */
    public synchronized void forEach(Visitor visitor) {
        for (Map.Entry<Key, byte[]> entry : live.entrySet()) {
            visitor.visit(entry.getKey().type, entry.getKey().bytes.clone(), entry.getValue().clone());
        }
    }

    public synchronized int size() {
        return live.size();
    }

    /** Bytes in the log file, header included. */
    public synchronized long fileBytes() {
        return end;
    }

    /** Rewrites the log as the live set only (see the class comment for the crash-safety steps). */
    public synchronized void compact() throws IOException {
        checkOpen();
        Path temp = file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
        long written;
        try (FileChannel out = opener.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            FileHeader.write(out, FileHeaderDescriptor.DEFINITIONS_MAGIC, 0);
            written = FileHeaderDescriptor.LENGTH;
            for (Map.Entry<Key, byte[]> entry : live.entrySet()) {
                ByteBuffer record = encode(DefinitionRecordDescriptor.OPERATION_PUT, entry.getKey().type,
                        entry.getKey().bytes, entry.getValue());
                DurableFiles.writeFully(out, record, written);
                written += record.limit();
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        beforeCompactionRename.run();
        DurableFiles.replace(temp, file);
        FileChannel old = channel;
        channel = opener.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = written;
        old.close();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void recover() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + COMPACT_SUFFIX);
        if (Files.deleteIfExists(temp)) {
            LOG.warn("{}: deleted an unfinished compaction left by a crash", temp);
        }
        boolean exists = Files.exists(file);
        channel = opener.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (!exists || FileHeader.read(file, channel, FileHeaderDescriptor.DEFINITIONS_MAGIC) == FileHeader.TORN) {
                channel.truncate(0);
                FileHeader.write(channel, FileHeaderDescriptor.DEFINITIONS_MAGIC, 0);
                channel.force(true);
                DurableFiles.fsyncDirectory(file.getParent());
                end = FileHeaderDescriptor.LENGTH;
                return;
            }
            replay();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Rebuilds the live set; truncates at the first torn or corrupt record. */
    private void replay() throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new CorruptStoreException(file, "definitions log of " + size + " bytes");
        }
        ByteBuffer content = ByteBuffer.allocate((int) size).order(FileHeaderDescriptor.BYTE_ORDER);
        DurableFiles.readFully(channel, content, 0);
        int at = FileHeaderDescriptor.LENGTH;
        while (at < size) {
            int frameLength = validFrameLength(content, at, (int) size - at);
            if (frameLength < 0) {
                break;
            }
            apply(content, at, frameLength);
            at += frameLength;
        }
        if (at < size) {
            LOG.warn("{}: torn or corrupt record at offset {}; truncating {} bytes there", file, at, size - at);
            channel.truncate(at);
            channel.force(true);
        }
        end = at;
    }

    private int validFrameLength(ByteBuffer content, int at, int remaining) {
        if (remaining < DefinitionRecordDescriptor.HEADER_LENGTH) {
            return -1;
        }
        int frameLength = content.getInt(at + DefinitionRecordDescriptor.FRAME_LENGTH_OFFSET);
        if (frameLength < DefinitionRecordDescriptor.HEADER_LENGTH || frameLength > remaining) {
            return -1;
        }
        int crcValue = Crc.of(crc, content, at + DefinitionRecordDescriptor.CRC_COVERAGE_OFFSET, at + frameLength);
        byte operation = content.get(at + DefinitionRecordDescriptor.OPERATION_OFFSET);
        int keyLength = content.getShort(at + DefinitionRecordDescriptor.KEY_LENGTH_OFFSET) & 0xFFFF;
        boolean shapeOk = operation == DefinitionRecordDescriptor.OPERATION_PUT
                ? DefinitionRecordDescriptor.HEADER_LENGTH + keyLength <= frameLength
                : operation == DefinitionRecordDescriptor.OPERATION_DELETE
                  && DefinitionRecordDescriptor.HEADER_LENGTH + keyLength == frameLength;
        return shapeOk && crcValue == content.getInt(at + DefinitionRecordDescriptor.CRC_OFFSET) ? frameLength : -1;
    }

    private void apply(ByteBuffer content, int at, int frameLength) {
        int type = content.get(at + DefinitionRecordDescriptor.TYPE_OFFSET) & 0xFF;
        int keyLength = content.getShort(at + DefinitionRecordDescriptor.KEY_LENGTH_OFFSET) & 0xFFFF;
        byte[] key = new byte[keyLength];
        content.get(at + DefinitionRecordDescriptor.KEY_OFFSET, key);
        Key k = new Key(type, key);
        byte[] previous;
        if (content.get(at + DefinitionRecordDescriptor.OPERATION_OFFSET) == DefinitionRecordDescriptor.OPERATION_PUT) {
            byte[] value = new byte[frameLength - DefinitionRecordDescriptor.HEADER_LENGTH - keyLength];
            content.get(at + DefinitionRecordDescriptor.KEY_OFFSET + keyLength, value);
            previous = live.put(k, value);
            liveBytes += frameLength;
        } else {
            previous = live.remove(k);
        }
        if (previous != null) {
            liveBytes -= frameLength(key, previous);
        }
    }

    /** Writes one record at the end and fsyncs; on failure cuts it off again so memory and file agree. */
    private void appendDurably(ByteBuffer record) throws IOException {
        try {
            DurableFiles.writeFully(channel, record, end);
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(end);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
            }
            throw e;
        }
        end += record.limit();
    }

    private void compactIfWorthIt() throws IOException {
        if (end >= compactThresholdBytes && end > 2 * (liveBytes + FileHeaderDescriptor.LENGTH)) {
            compact();
        }
    }

    private ByteBuffer encode(byte operation, int type, byte[] key, byte[] value) {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("type must fit in a byte: " + type);
        }
        if (key.length > DefinitionRecordDescriptor.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key longer than " + DefinitionRecordDescriptor.MAX_KEY_LENGTH);
        }
        int frameLength = frameLength(key, value);
        ByteBuffer record = ByteBuffer.allocate(frameLength).order(FileHeaderDescriptor.BYTE_ORDER);
        record.putInt(frameLength).putInt(0).put(operation).put((byte) type).putShort((short) key.length)
                .put(key).put(value);
        record.putInt(DefinitionRecordDescriptor.CRC_OFFSET,
                Crc.of(crc, record, DefinitionRecordDescriptor.CRC_COVERAGE_OFFSET, frameLength));
        record.flip();
        return record;
    }

    private static int frameLength(byte[] key, byte[] value) {
        long length = (long) DefinitionRecordDescriptor.HEADER_LENGTH + key.length + value.length;
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("definition of " + length + " bytes");
        }
        return (int) length;
    }

    private void checkOpen() {
        if (channel == null) {
            throw new IllegalStateException("definitions log " + file + " is closed");
        }
    }

    /** A (type, key) pair compared by content. */
    private static final class Key {
        private final int type;
        private final byte[] bytes;
        private final int hash;

        Key(int type, byte[] bytes) {
            this.type = type;
            this.bytes = bytes;
            this.hash = 31 * type + Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.type == type && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
