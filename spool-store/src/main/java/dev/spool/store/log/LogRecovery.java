package dev.spool.store.log;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.LogPosition;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.format.SettlementDescriptor;
import dev.spool.store.io.ChannelOpener;
import dev.spool.store.io.FileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Opening a log after a clean stop or a crash: scans every segment in id order, keeps the intact records, rebuilds
 * each segment's reference counts from its settlement file and hands every live persistent reference to the
 * {@link RecoveryHandler} in position order. Runs once, on the opening thread, before the log accepts appends.
 *
 * <p>Repairs, each logged:
 * <ul>
 *   <li>a segment is truncated at its first torn or corrupt record; everything before it is kept. Later segments are
 *   still scanned and kept: records are independent of each other, so a bad record (a crash mid-write, a failed
 *   fsync, a flipped bit) costs the records after it in its own segment, never confirmed messages in later
 *   segments;</li>
 *   <li>a segment whose header is torn was created but never fsynced (the first fsync covering any of its records
 *   covers its header), so none of its records was confirmed: it is deleted;</li>
 *   <li>a settlement file without its segment is the rest of an interrupted reclamation: deleted;</li>
 *   <li>a segment whose every reference is settled is reclaimed at once.</li>
 * </ul>
 * A file with a foreign magic or a newer format version stops the open with a clear exception and changes nothing.
 */
final class LogRecovery implements SegmentScanner.Visitor {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private final Path directory;
    private final ChannelOpener opener;
    private final RecoveryHandler handler;
    private final SegmentScanner scanner = new SegmentScanner();
    private final List<Segment> segments = new ArrayList<>();
    private long nextSegmentId = SegmentDescriptor.FIRST_SEGMENT_ID;

    private long records;
    private long liveReferences;
    private long recordBytes;
    private int truncatedSegments;
    private long truncatedBytes;
    private int removedFiles;
    private int reclaimedSegments;

    /** The segment being scanned. */
    private long segmentId;
    private ReferenceStates states;
    private SettlementFile settlements;
    private int segmentReferences;
    private int segmentSettled;

    LogRecovery(Path directory, ChannelOpener opener, RecoveryHandler handler) {
        this.directory = directory;
        this.opener = opener;
        this.handler = handler;
    }

    /** Recovers every segment; on failure closes whatever it opened. */
    RecoverySummary run() throws IOException {
        long start = System.nanoTime();
        TreeSet<Long> segmentIds = new TreeSet<>();
        TreeSet<Long> settlementIds = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long id = SegmentDescriptor.idOf(name, SegmentDescriptor.SEGMENT_SUFFIX);
                if (id > 0) {
                    segmentIds.add(id);
                }
                id = SegmentDescriptor.idOf(name, SegmentDescriptor.SETTLEMENT_SUFFIX);
                if (id > 0) {
                    settlementIds.add(id);
                }
            }
        }
        try {
            for (long id : settlementIds) {
                if (!segmentIds.contains(id)) {
                    Files.delete(directory.resolve(SegmentDescriptor.settlementFileName(id)));
                    removedFiles++;
                }
            }
            for (long id : segmentIds) {
                recoverSegment(id);
            }
        } catch (IOException | RuntimeException e) {
            for (Segment segment : segments) {
                closeQuietly(segment);
            }
            throw e;
        }
        // Ids are never reused, not even those of files just removed.
        long lastId = Math.max(segmentIds.isEmpty() ? 0 : segmentIds.last(),
                settlementIds.isEmpty() ? 0 : settlementIds.last());
        nextSegmentId = Math.max(nextSegmentId, lastId + 1);
        return new RecoverySummary(segments.size(), records, liveReferences, recordBytes, truncatedSegments,
                truncatedBytes, removedFiles, reclaimedSegments, System.nanoTime() - start);
    }

    /** The kept segments, in id order, all sealed. */
    List<Segment> segments() {
        return segments;
    }

    long nextSegmentId() {
        return nextSegmentId;
    }

    private void recoverSegment(long id) throws IOException {
        Path path = directory.resolve(SegmentDescriptor.segmentFileName(id));
        Path settlementPath = directory.resolve(SegmentDescriptor.settlementFileName(id));
        FileChannel channel = opener.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = null;
        settlements = null;
        try {
            long headerId = FileHeader.read(path, channel, FileHeaderDescriptor.SEGMENT_MAGIC);
            if (headerId == FileHeader.TORN) {
                LOG.warn("{}: torn header (created but never fsynced); deleting it", path);
                channel.close();
                Files.delete(path);
                Files.deleteIfExists(settlementPath);
                removedFiles++;
                return;
            }
            if (headerId != id) {
                throw new CorruptStoreException(path, "holds segment " + headerId);
            }
            segmentId = id;
            states = new ReferenceStates();
            settlements = SettlementFile.recover(settlementPath, id, opener, states);
            segmentReferences = 0;
            segmentSettled = 0;
            long fileSize = channel.size();
            int validEnd = scanner.scan(channel, fileSize, this);
            if (validEnd < fileSize) {
                LOG.warn("{}: {} at offset {}; truncating {} bytes there", path, scanner.stopReason(), validEnd,
                        fileSize - validEnd);
                channel.truncate(validEnd);
                channel.force(false);
                truncatedSegments++;
                truncatedBytes += fileSize - validEnd;
            }
            segment = Segment.recovered(id, path, opener, channel, settlements, validEnd, segmentReferences,
                    segmentSettled);
        } finally {
            states = null;
            if (segment == null) {
                channel.close();
                if (settlements != null) {
                    settlements.close();
                }
            }
        }
        if (Reclaim.isReclaimable(false, segment.references(), segment.settled(), false)) {
            segment.delete();
            reclaimedSegments++;
        } else {
            segments.add(segment);
        }
    }

    @Override
    public void onRecord(int offset, MessageRecord record) throws IOException {
        records++;
        recordBytes += record.frameLength();
        long position = LogPosition.of(segmentId, offset);
        boolean persistent = record.isPersistent();
        for (int i = 0; i < record.queueCount(); i++) {
            int queueId = record.queueId(i);
            int state = states.get(offset, queueId);
            segmentReferences++;
            if (!persistent || ReferenceStates.isSettled(state)) {
                segmentSettled++;
            } else if (handler.recover(position, queueId, record, ReferenceStates.isRedelivered(state),
                    ReferenceStates.deliveryCount(state))) {
                liveReferences++;
            } else {
                settlements.append(offset, queueId, SettlementDescriptor.KIND_SETTLED, 0, 0);
                segmentSettled++;
            }
        }
    }

    private static void closeQuietly(Segment segment) {
        try {
            segment.close();
        } catch (IOException e) {
            LOG.debug("closing {} after a failed open", segment.path(), e);
        }
    }
}
