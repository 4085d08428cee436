package dev.spool.store.log;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.io.ChannelOpener;
import dev.spool.store.io.DurableFiles;
import dev.spool.store.io.FileHeader;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file and its settlement file, with the counts that decide its reclamation.
 *
 * <p>Threads: the appender holding the log's append lock writes records and the fields marked "append lock" while
 * the segment is active; once {@link #seal() sealed} (a volatile write after the last of them) those fields are final,
 * and other threads read them only after reading {@code sealed == true}. Readers (any thread) use
 * {@link #readChannel()} and {@link #size()}; queue threads count settlements; the sync thread forces and deletes.
 */
final class Segment {
    private final long id;
    private final Path path;
    private final ChannelOpener opener;
    private final FileChannel writeChannel;
    /** The write channel, or a read-only one opened after an interrupted reader closed it (JDK behaviour). */
    private volatile FileChannel readChannel;
    private final SettlementFile settlements;
    /** Bytes of complete records, header included. Append lock; volatile so readers see whole records only. */
    private volatile int size;
    /** (record, queue) references appended. Append lock. */
    private int references;
    /** Sequence of the last group-commit batch holding one of its records, 0 if none. Append lock. */
    private long lastBatch;
    private volatile boolean sealed;
    /** A write or fsync of it failed: nothing more may be appended to it. */
    private volatile boolean broken;
    /**
     * An fsync of it failed. The kernel may have dropped the dirty pages, so nothing written to it before the failure
     * can be trusted, and records written after it must not be confirmed by a later fsync that happens to succeed:
     * recovery could truncate at a damaged record in front of them. Sync thread.
     */
    private volatile boolean syncFailed;
    private volatile boolean closed;
    private final AtomicInteger settled;
    private final AtomicBoolean reclaimClaimed = new AtomicBoolean();

    private Segment(long id, Path path, ChannelOpener opener, FileChannel channel, SettlementFile settlements,
                    int size, int references, int settled, boolean sealed) {
        this.id = id;
        this.path = path;
        this.opener = opener;
        this.writeChannel = channel;
        this.readChannel = channel;
        this.settlements = settlements;
        this.size = size;
        this.references = references;
        this.settled = new AtomicInteger(settled);
        this.sealed = sealed;
    }

    /** Creates the files of a new, active segment: header written, not yet fsynced. */
    static Segment create(Path directory, long id, ChannelOpener opener) throws IOException {
        Path path = directory.resolve(SegmentDescriptor.segmentFileName(id));
        Path settlementPath = directory.resolve(SegmentDescriptor.settlementFileName(id));
        FileChannel channel = null;
        try {
            channel = opener.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileHeader.write(channel, FileHeaderDescriptor.SEGMENT_MAGIC, id);
            SettlementFile settlements = SettlementFile.create(settlementPath, id, opener);
            return new Segment(id, path, opener, channel, settlements, FileHeaderDescriptor.LENGTH, 0, 0, false);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(settlementPath);
            throw e;
        }
    }

    /** A sealed segment rebuilt by recovery. */
    static Segment recovered(long id, Path path, ChannelOpener opener, FileChannel channel,
                             SettlementFile settlements, int size, int references, int settled) {
        return new Segment(id, path, opener, channel, settlements, size, references, settled, true);
    }

    long id() {
        return id;
    }

    Path path() {
        return path;
    }

    int size() {
        return size;
    }

    SettlementFile settlements() {
        return settlements;
    }

    /** The channel appends use. Append lock. */
    FileChannel writeChannel() {
        return writeChannel;
    }

    /** Records a complete append of {@code frameLength} bytes. Append lock. */
    void appended(int frameLength, int referenceCount, long batch) {
        references += referenceCount;
        if (batch != 0) {
            lastBatch = batch;
        }
        size += frameLength; // volatile write last: a reader seeing the new size sees a whole record
    }

    /** Ends appends to it. Append lock. */
    void seal() {
        sealed = true;
    }

    boolean isSealed() {
        return sealed;
    }

    /** Meaningful once sealed (read {@link #isSealed()} first). */
    int references() {
        return references;
    }

    /** Meaningful once sealed (read {@link #isSealed()} first). */
    long lastBatch() {
        return lastBatch;
    }

    int settled() {
        return settled.get();
    }

    int countSettlement() {
        return settled.incrementAndGet();
    }

    void countSettlements(int count) {
        settled.addAndGet(count);
    }

    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    void markSyncFailed() {
        syncFailed = true;
        broken = true;
    }

    boolean isSyncFailed() {
        return syncFailed;
    }

    /** True for exactly one caller: the one that schedules the deletion. */
    boolean claimReclaim() {
        return reclaimClaimed.compareAndSet(false, true);
    }

    /**
     * The channel to read records from. An interrupt during a read closes a JDK file channel for every thread; a
     * sealed segment then gets a fresh read-only channel instead of failing every later read.
     */
    FileChannel readChannel() throws IOException {
        FileChannel channel = readChannel;
        if (channel.isOpen()) {
            return channel;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (!readChannel.isOpen()) {
                readChannel = opener.open(path, StandardOpenOption.READ);
            }
            return readChannel;
        }
    }

    /** Fdatasync of the records (and, for a new file, of its header). Sync thread. */
    void force() throws IOException {
        writeChannel.force(false);
    }

    /** Cuts off a record whose write failed. Append lock. */
    void truncate(int length) throws IOException {
        writeChannel.truncate(length);
    }

    void close() throws IOException {
        FileChannel reopened;
        synchronized (this) {
            closed = true;
            reopened = readChannel;
        }
        try {
            writeChannel.close();
            if (reopened != writeChannel) {
                reopened.close();
            }
        } finally {
            settlements.close();
        }
    }

    /**
     * Deletes the segment file, makes that durable, then deletes the settlement file: never the other way round, so
     * a crash in between leaves an orphan settlement file (removed on open), never a segment without its
     * settlements (whose settled messages would come back).
     */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
        DurableFiles.fsyncDirectory(path.toAbsolutePath().getParent());
        Files.deleteIfExists(settlements.path());
    }
}
