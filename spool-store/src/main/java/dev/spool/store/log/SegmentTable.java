package dev.spool.store.log;

/**
 * An immutable snapshot of a log's live segments, indexed by id without boxing: {@code slots[id - firstId]}, null for
 * a reclaimed id. Replaced (copy on write) under the append lock when a segment is added or reclaimed, which happens
 * once per segment; read lock-free through a volatile field by every reader and settler.
 */
final class SegmentTable {
    static final SegmentTable EMPTY = new SegmentTable(1, new Segment[0]);

    private final long firstId;
    private final Segment[] slots;

    private SegmentTable(long firstId, Segment[] slots) {
        this.firstId = firstId;
        this.slots = slots;
    }

    /** The live segment with this id, or null. */
    Segment get(long id) {
        long index = id - firstId;
        return index >= 0 && index < slots.length ? slots[(int) index] : null;
    }

    /** A table with {@code segment} added; its id must be greater than every id present. */
    SegmentTable with(Segment segment) {
        if (slots.length == 0) {
            return new SegmentTable(segment.id(), new Segment[] {segment});
        }
        long index = segment.id() - firstId;
        if (index < slots.length) {
            throw new IllegalArgumentException("segment " + segment.id() + " is not newer than the table");
        }
        Segment[] grown = new Segment[(int) index + 1];
        System.arraycopy(slots, 0, grown, 0, slots.length);
        grown[(int) index] = segment;
        return new SegmentTable(firstId, grown);
    }

    /** A table without segment {@code id}, leading empty slots dropped. */
    SegmentTable without(long id) {
        long index = id - firstId;
        if (index < 0 || index >= slots.length || slots[(int) index] == null) {
            return this;
        }
        int start = 0;
        while (start < slots.length && (start == index || slots[start] == null)) {
            start++;
        }
        Segment[] kept = new Segment[slots.length - start];
        System.arraycopy(slots, start, kept, 0, kept.length);
        if (index >= start) {
            kept[(int) index - start] = null;
        }
        return kept.length == 0 ? EMPTY : new SegmentTable(firstId + start, kept);
    }

    int liveCount() {
        int count = 0;
        for (Segment slot : slots) {
            if (slot != null) {
                count++;
            }
        }
        return count;
    }

    /** Number of slots; with {@link #slot(int)}, iterates without allocating. */
    int slotCount() {
        return slots.length;
    }

    Segment slot(int index) {
        return slots[index];
    }
}
