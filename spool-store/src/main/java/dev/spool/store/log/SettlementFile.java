package dev.spool.store.log;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.LogPosition;
import dev.spool.store.format.SettlementDescriptor;
import dev.spool.store.io.ChannelOpener;
import dev.spool.store.io.Crc;
import dev.spool.store.io.DurableFiles;
import dev.spool.store.io.FileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A segment's settlement file ({@code .ack}, laid out as {@link SettlementDescriptor} says): appended to by whichever
 * queue thread settles or returns one of the segment's messages, under this object's monitor (so only threads settling
 * the same segment ever wait for each other), and fsynced by the log's sync thread at most once a second while dirty.
 *
 * <p>Entries are written straight to the file (no user-space buffer), so a {@code kill -9} loses none; an operating
 * system crash can lose the last second of them, which only means those messages are delivered again
 * (at-least-once), never that anything is lost.
 */
final class SettlementFile {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementFile.class);
    /** Entries written per call of {@link #appendSettled}: 64 KiB. */
    private static final int MAX_BATCH_ENTRIES = 4096;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer entry = ByteBuffer.allocateDirect(SettlementDescriptor.LENGTH)
            .order(FileHeaderDescriptor.BYTE_ORDER);
    private final CRC32C crc = new CRC32C();
    private long end;
    private boolean dirty;

    private SettlementFile(Path path, FileChannel channel, long end) {
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    /** Creates the empty settlement file of a new segment (its header is made durable with the segment's). */
    static SettlementFile create(Path path, long segmentId, ChannelOpener opener) throws IOException {
        FileChannel channel = opener.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileHeader.write(channel, FileHeaderDescriptor.SETTLEMENT_MAGIC, segmentId);
            return new SettlementFile(path, channel, FileHeaderDescriptor.LENGTH);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens an existing settlement file (or creates a missing one), folds its valid entries into {@code states} and
     * truncates it after the last valid entry.
     */
    static SettlementFile recover(Path path, long segmentId, ChannelOpener opener, ReferenceStates states)
            throws IOException {
        if (!Files.exists(path)) {
            return create(path, segmentId, opener);
        }
        FileChannel channel = opener.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long id = FileHeader.read(path, channel, FileHeaderDescriptor.SETTLEMENT_MAGIC);
            if (id == FileHeader.TORN) {
                channel.truncate(0);
                FileHeader.write(channel, FileHeaderDescriptor.SETTLEMENT_MAGIC, segmentId);
                return new SettlementFile(path, channel, FileHeaderDescriptor.LENGTH);
            }
            if (id != segmentId) {
                throw new CorruptStoreException(path, "settlement file of segment " + id + " under the name of "
                        + segmentId);
            }
            long validEnd = fold(channel, states);
            long size = channel.size();
            if (size > validEnd) {
                LOG.warn("{}: truncating {} bytes after the last intact settlement entry", path, size - validEnd);
                channel.truncate(validEnd);
                channel.force(false);
            }
            return new SettlementFile(path, channel, validEnd);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Applies every intact entry to {@code states}; returns the end of the last one. */
    private static long fold(FileChannel channel, ReferenceStates states) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(SettlementDescriptor.LENGTH * 4096)
                .order(FileHeaderDescriptor.BYTE_ORDER);
        CRC32C crc = new CRC32C();
        long at = FileHeaderDescriptor.LENGTH;
        while (true) {
            chunk.clear();
            int read = DurableFiles.readUpTo(channel, chunk, at);
            int whole = read - read % SettlementDescriptor.LENGTH;
            for (int i = 0; i < whole; i += SettlementDescriptor.LENGTH) {
                if (Crc.of(crc, chunk, i, i + SettlementDescriptor.CRC_OFFSET)
                        != chunk.getInt(i + SettlementDescriptor.CRC_OFFSET)) {
                    return at + i;
                }
                states.apply(chunk.getInt(i + SettlementDescriptor.RECORD_OFFSET_OFFSET),
                        chunk.getInt(i + SettlementDescriptor.QUEUE_ID_OFFSET),
                        chunk.get(i + SettlementDescriptor.KIND_OFFSET),
                        chunk.get(i + SettlementDescriptor.FLAGS_OFFSET) & 0xFF,
                        chunk.getShort(i + SettlementDescriptor.DELIVERY_COUNT_OFFSET) & 0xFFFF);
            }
            at += whole;
            if (read < chunk.capacity()) {
                return at;
            }
        }
    }

    /** Appends one entry. The file only advances past entries that were written whole. */
    synchronized void append(int recordOffset, int queueId, byte kind, int flags, int deliveryCount)
            throws IOException {
        entry.clear();
        entry.putInt(SettlementDescriptor.RECORD_OFFSET_OFFSET, recordOffset)
                .putInt(SettlementDescriptor.QUEUE_ID_OFFSET, queueId)
                .put(SettlementDescriptor.KIND_OFFSET, kind)
                .put(SettlementDescriptor.FLAGS_OFFSET, (byte) flags)
                .putShort(SettlementDescriptor.DELIVERY_COUNT_OFFSET,
                        (short) Math.min(deliveryCount, SettlementDescriptor.MAX_DELIVERY_COUNT));
        entry.putInt(SettlementDescriptor.CRC_OFFSET, Crc.of(crc, entry, 0, SettlementDescriptor.CRC_OFFSET));
        DurableFiles.writeFully(channel, entry, end);
        end += SettlementDescriptor.LENGTH;
        dirty = true;
    }

    /**
     * Appends a settled entry for {@code queueId} and each of {@code positions[from, to)} (all of this segment) in as
     * few writes as possible. Used for purges and queue deletions, so it allocates its buffer per call.
     */
    synchronized void appendSettled(int queueId, long[] positions, int from, int to) throws IOException {
        int batch = Math.min(to - from, MAX_BATCH_ENTRIES);
        ByteBuffer entries = ByteBuffer.allocate(batch * SettlementDescriptor.LENGTH)
                .order(FileHeaderDescriptor.BYTE_ORDER);
        int next = from;
        while (next < to) {
            entries.clear();
            int stop = Math.min(to, next + batch);
            for (int i = next; i < stop; i++) {
                int at = entries.position();
                entries.putInt(LogPosition.offset(positions[i])).putInt(queueId)
                        .put(SettlementDescriptor.KIND_SETTLED).put((byte) 0).putShort((short) 0);
                entries.putInt(Crc.of(crc, entries, at, at + SettlementDescriptor.CRC_OFFSET));
            }
            entries.flip();
            DurableFiles.writeFully(channel, entries, end);
            end += entries.limit();
            dirty = true;
            next = stop;
        }
    }

    /** Fsyncs if anything was appended since the last call. Called by the sync thread. */
    void forceIfDirty() throws IOException {
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    Path path() {
        return path;
    }

    void close() throws IOException {
        channel.close();
    }
}
