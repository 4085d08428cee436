package dev.spool.engine.dedup;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deduplication window of one queue or exchange: the keys of the messages it accepted recently. A message whose
 * key is in the window is a duplicate: the queue (or exchange) drops it, and the publisher still gets a positive
 * confirm, since the message it sent is already there. Bounded by {@code x-cache-size}: when full, the key seen least
 * recently (accepted, or hit by a duplicate) makes room. Each key also expires after its TTL ({@code x-cache-ttl}, or
 * the message's own {@code x-cache-ttl} header); an expired key is ignored when found and its slot reused, so memory
 * stays bounded whether or not anything sweeps.
 *
 * <p><b>Layout.</b> A slab of parallel arrays grown by doubling up to the capacity (keys, cached hashes, expiry times,
 * the recency list's prev/next links and the hash chains' links), plus a power-of-two bucket array at most half full:
 * O(1) lookup, insert, touch and evict, with no node object per key. About 40 bytes per key plus the key's own
 * {@code String}, which for text keys is the message header's string.
 *
 * <p><b>Threading.</b> Thread-safe: every method takes this cache's own lock for O(1) work, because an exchange's
 * cache is used by every publisher routing through it at once; a queue's cache is used under the queue's lock too,
 * where this inner lock is uncontended. {@link #hits()} is read without the lock (a volatile-free counter written
 * under it: metrics may lag by a few).
 *
 * <p><b>Persistence</b> ({@link DeduplicationWindow} with a {@code DeduplicationLog}): each accepted key, and each
 * hit, is appended to the owner's deduplication log as (key, expiry); on recovery the owner replays live records
 * oldest first through {@link #restore}, which rebuilds the window and its recency order, so a restart neither forgets
 * the window nor lets duplicates through. {@link #forEach} writes a compacted snapshot (least recent first) when the
 * log is rewritten.
 */
public final class DeduplicationCache {
    /** Expiry time of a key that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    private static final int MIN_SLAB = 16;
    private static final int NIL = -1;

    /** Visits the cached keys, least recently seen first. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(String key, long expiresAt);
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();

    private String[] keys;
    private int[] hashes;
    private long[] expiresAt;
    private int[] newer;
    private int[] older;
    private int[] chain;
    private int[] buckets;
    private int mostRecent = NIL;
    private int leastRecent = NIL;
    private int freeList = NIL;
    private int highWater;
    private int size;
    private long hits;

    /** @param capacity the most keys remembered at once ({@code x-cache-size}), at least 1 */
    public DeduplicationCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        allocate(Math.min(capacity, MIN_SLAB));
    }

    /**
     * The publish-time check: true when {@code key} is in the window (a duplicate: counted as a hit and marked as
     * seen now); otherwise remembers it for {@code ttlMillis} and returns false. Atomic, so two publishers racing
     * with the same key let exactly one message through.
     *
     * @param ttlMillis how long to remember a new key, or a negative value for as long as there is room
     */
    public boolean checkAndRemember(String key, long now, long ttlMillis) {
        lock.lock();
        try {
            int hash = hash(key);
            int slot = find(key, hash);
            if (slot != NIL) {
                if (expiresAt[slot] > now) {
                    hits++;
                    touch(slot);
                    return true;
                }
                remove(slot);
            }
            insert(key, hash, ttlMillis < 0 ? NEVER : saturatedAdd(now, ttlMillis));
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** True when {@code key} is in the window at {@code now}; changes nothing. */
    public boolean contains(String key, long now) {
        lock.lock();
        try {
            int slot = find(key, hash(key));
            return slot != NIL && expiresAt[slot] > now;
        } finally {
            lock.unlock();
        }
    }

    /** The expiry time of {@code key} if it is remembered (expired or not), else {@link Long#MIN_VALUE}. */
    public long expiresAt(String key) {
        lock.lock();
        try {
            int slot = find(key, hash(key));
            return slot == NIL ? Long.MIN_VALUE : expiresAt[slot];
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code key} (a queue-level window may forget a message's key when it leaves the queue). */
    public boolean forget(String key) {
        lock.lock();
        try {
            int slot = find(key, hash(key));
            if (slot == NIL) {
                return false;
            }
            remove(slot);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recovery: puts {@code key} back as the most recently seen, with its original expiry. Replaying a log oldest
     * first restores the window exactly (capacity permitting, the oldest keys are evicted as they would have been).
     */
    public void restore(String key, long expiresAtMillis) {
        lock.lock();
        try {
            int hash = hash(key);
            int slot = find(key, hash);
            if (slot != NIL) {
                remove(slot);
            }
            insert(key, hash, expiresAtMillis);
        } finally {
            lock.unlock();
        }
    }

    /** Drops every expired key; returns how many. O(size): for an occasional sweep, not per message. */
    public int purgeExpired(long now) {
        lock.lock();
        try {
            int purged = 0;
            int slot = leastRecent;
            while (slot != NIL) {
                int next = newer[slot];
                if (expiresAt[slot] <= now) {
                    remove(slot);
                    purged++;
                }
                slot = next;
            }
            return purged;
        } finally {
            lock.unlock();
        }
    }

    /** Visits every key, least recently seen first (a snapshot for compacting the log). */
    public void forEach(EntryVisitor visitor) {
        lock.lock();
        try {
            for (int slot = leastRecent; slot != NIL; slot = newer[slot]) {
                visitor.entry(keys[slot], expiresAt[slot]);
            }
        } finally {
            lock.unlock();
        }
    }

    public void clear() {
        lock.lock();
        try {
            allocate(Math.min(capacity, MIN_SLAB));
        } finally {
            lock.unlock();
        }
    }

    /** Keys remembered now (expired ones not yet reused included). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Duplicates found so far (for metrics). */
    public long hits() {
        return hits;
    }

    private static int hash(String key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
    }

    private int find(String key, int hash) {
        for (int slot = buckets[hash & (buckets.length - 1)]; slot != NIL; slot = chain[slot]) {
            if (hashes[slot] == hash && keys[slot].equals(key)) {
                return slot;
            }
        }
        return NIL;
    }

    private void insert(String key, int hash, long expiry) {
        if (size == capacity) {
            remove(leastRecent);
        }
        int slot;
        if (freeList != NIL) {
            slot = freeList;
            freeList = chain[slot];
        } else {
            if (highWater == keys.length) {
                grow();
            }
            slot = highWater++;
        }
        keys[slot] = key;
        hashes[slot] = hash;
        expiresAt[slot] = expiry;
        int bucket = hash & (buckets.length - 1);
        chain[slot] = buckets[bucket];
        buckets[bucket] = slot;
        linkMostRecent(slot);
        size++;
    }

    private void remove(int slot) {
        int bucket = hashes[slot] & (buckets.length - 1);
        if (buckets[bucket] == slot) {
            buckets[bucket] = chain[slot];
        } else {
            int previous = buckets[bucket];
            while (chain[previous] != slot) {
                previous = chain[previous];
            }
            chain[previous] = chain[slot];
        }
        unlink(slot);
        keys[slot] = null;
        chain[slot] = freeList;
        freeList = slot;
        size--;
    }

    private void touch(int slot) {
        if (slot != mostRecent) {
            unlink(slot);
            linkMostRecent(slot);
        }
    }

    private void linkMostRecent(int slot) {
        older[slot] = mostRecent;
        newer[slot] = NIL;
        if (mostRecent != NIL) {
            newer[mostRecent] = slot;
        }
        mostRecent = slot;
        if (leastRecent == NIL) {
            leastRecent = slot;
        }
    }

    private void unlink(int slot) {
        int o = older[slot];
        int n = newer[slot];
        if (o != NIL) {
            newer[o] = n;
        } else {
            leastRecent = n;
        }
        if (n != NIL) {
            older[n] = o;
        } else {
            mostRecent = o;
        }
    }

    private void grow() {
        int length = (int) Math.min(capacity, (long) keys.length << 1);
        keys = Arrays.copyOf(keys, length);
        hashes = Arrays.copyOf(hashes, length);
        expiresAt = Arrays.copyOf(expiresAt, length);
        newer = Arrays.copyOf(newer, length);
        older = Arrays.copyOf(older, length);
        chain = Arrays.copyOf(chain, length);
        buckets = newBuckets(length);
        for (int slot = leastRecent; slot != NIL; slot = newer[slot]) {
            int bucket = hashes[slot] & (buckets.length - 1);
            chain[slot] = buckets[bucket];
            buckets[bucket] = slot;
        }
    }

    private void allocate(int length) {
        keys = new String[length];
        hashes = new int[length];
        expiresAt = new long[length];
        newer = new int[length];
        older = new int[length];
        chain = new int[length];
        buckets = newBuckets(length);
        mostRecent = NIL;
        leastRecent = NIL;
        freeList = NIL;
        highWater = 0;
        size = 0;
    }

    private static int[] newBuckets(int slabLength) {
        int length = Integer.highestOneBit(Math.max(2, slabLength) * 2 - 1) << 1;
        int[] buckets = new int[length];
        Arrays.fill(buckets, NIL);
        return buckets;
    }
}
