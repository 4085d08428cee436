package dev.spool.store.log;

/**
 * What opening a message log found and repaired; logged once at INFO and returned to the caller.
 *
 * @param segments          segment files kept
 * @param records           intact message records in them
 * @param liveReferences    references handed to the {@link RecoveryHandler} and kept
 * @param recordBytes       bytes of intact records
 * @param truncatedSegments segments cut at a torn or corrupt record
 * @param truncatedBytes    bytes cut off those segments
 * @param removedFiles      files deleted as leftovers of a crash: segments with a torn header (created but never
 *                          fsynced) and settlement files whose segment was already deleted
 * @param reclaimedSegments segments deleted because everything in them was settled
 * @param durationNanos     how long opening took
 */
public record RecoverySummary(int segments, long records, long liveReferences, long recordBytes, int truncatedSegments,
                              long truncatedBytes, int removedFiles, int reclaimedSegments, long durationNanos) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(160)
                .append(segments).append(" segments, ")
                .append(records).append(" records (")
                .append(liveReferences).append(" live messages, ")
                .append(recordBytes).append(" bytes) in ")
                .append(durationNanos / 1_000_000).append(" ms");
        if (truncatedSegments > 0) {
            text.append("; truncated ").append(truncatedSegments).append(" segments by ")
                    .append(truncatedBytes).append(" bytes at a torn or corrupt record");
        }
        if (removedFiles > 0) {
            text.append("; removed ").append(removedFiles).append(" crash leftovers");
        }
        if (reclaimedSegments > 0) {
            text.append("; reclaimed ").append(reclaimedSegments).append(" settled segments");
        }
        return text.toString();
    }
}
