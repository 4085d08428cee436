package dev.spool.engine.lease;

import dev.spool.engine.deadline.LongIntMap;

/**
 * The delivery tags a channel took back from its client (their lease ran out and the message went back to its
 * queue), remembered so that a late basic.ack, basic.nack or basic.reject of such a tag is ignored instead of closing
 * the channel with {@code PRECONDITION_FAILED - unknown delivery tag}: the client did nothing wrong, it was merely
 * slow. Bounded: the most recent {@code capacity} tags are kept (a ring plus a primitive set); a tag revoked longer
 * ago than that is unknown again.
 *
 * <p>Not thread-safe: owned by one channel, on its event loop.
 */
public final class RevokedTags {
    private final long[] ring;
    private final LongIntMap members = new LongIntMap();
    private int next;
    private int size;

    /** @param capacity how many recent tags to remember, at least 1 */
    public RevokedTags(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.ring = new long[capacity];
    }

    /** Remembers {@code tag} as revoked, forgetting the oldest one when full. */
    public void add(long tag) {
        if (members.containsKey(tag)) {
            return;
        }
        if (size == ring.length) {
            members.remove(ring[next]);
        } else {
            size++;
        }
        ring[next] = tag;
        members.put(tag, 1);
        next = (next + 1) % ring.length;
    }

    /**
     * Whether {@code tag} was revoked; a settle of it is to be ignored. Forgets it (each delivery is settled once).
     */
    public boolean consume(long tag) {
        return members.remove(tag) != LongIntMap.MISSING;
    }

    /** Whether {@code tag} is remembered as revoked. */
    public boolean contains(long tag) {
        return members.containsKey(tag);
    }

    public int size() {
        return members.size();
    }
}
