package dev.spool.store.log;

/**
 * The rule that decides when a segment's files may be deleted, as one pure function.
 *
 * <p><b>Invariant</b>: a segment is deleted only when no record in it can be needed again, that is when all of
 * these hold:
 * <ol>
 *   <li>it is not the active segment: the one being appended to can still receive records, so it is never deleted
 *   (whatever its counts say);</li>
 *   <li>every reference appended to it is settled, exactly: {@code settled == references}. More settlements than
 *   references means a reference was settled twice (a caller bug), so the counts can no longer be trusted and the
 *   segment is kept; the next open recounts from the settlement file, which ignores repeats;</li>
 *   <li>no record in it still waits for an fsync: the sync thread never touches a deleted file, and a publisher is
 *   never confirmed for a record whose file is already gone.</li>
 * </ol>
 * Transient references count like any other: the engine settles them when they are consumed, and recovery settles
 * them all because they do not survive a restart.
 */
public final class Reclaim {
    private Reclaim() {
    }

    /**
     * @param active       the segment is the one being appended to
     * @param references   (record, queue) references appended to it; final once it is no longer active
     * @param settled      references settled so far
     * @param awaitingSync some record in it waits for an fsync
     */
    public static boolean isReclaimable(boolean active, int references, int settled, boolean awaitingSync) {
        return !active && !awaitingSync && settled == references;
    }
}
