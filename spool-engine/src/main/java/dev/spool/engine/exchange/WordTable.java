package dev.spool.engine.exchange;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A topic trie node's children by word: an open-addressing hash table written by one thread and read by many without
 * locks, looked up by a region of the routing key so that matching allocates no substring.
 *
 * <p><b>Publication.</b> Slots are interleaved key / value pairs in an {@link AtomicReferenceArray}. The writer stores
 * a new entry's value, then its key, both with release semantics; a reader loads the key, then the value, with acquire
 * semantics, so a reader that sees a key also sees its value. Entries never move while the table is live: removal
 * replaces the value with a tombstone (which readers treat as absent) and re-adding the word reuses its slot. Growing,
 * or shedding tombstones, builds a new array that is published through a volatile field; a reader keeps using the
 * array it started with, which stays valid. The load (keys including tombstones) stays below 60%, so every probe
 * reaches an empty slot.
 */
final class WordTable {
    private static final Object TOMBSTONE = new Object();
    private static final int MIN_CAPACITY = 4;

    private volatile AtomicReferenceArray<Object> table = new AtomicReferenceArray<>(MIN_CAPACITY * 2);
    /** Slots holding a key, tombstoned or not. Writer only. */
    private int used;
    /** Slots holding a live value. Writer only. */
    private int live;

    /** Live entries. Writer only. */
    int size() {
        return live;
    }

    /** The node for the word {@code key.substring(from, to)}, or null. Any thread; allocates nothing. */
    TopicTrie.Node get(String key, int from, int to) {
        AtomicReferenceArray<Object> t = table;
        int mask = (t.length() >>> 1) - 1;
        int length = to - from;
        int i = hash(key, from, to) & mask;
        while (true) {
            Object k = t.getAcquire(i << 1);
            if (k == null) {
                return null;
            }
            String word = (String) k;
            if (word.length() == length && word.regionMatches(0, key, from, length)) {
                Object v = t.getAcquire((i << 1) + 1);
                return v instanceof TopicTrie.Node ? (TopicTrie.Node) v : null;
            }
            i = (i + 1) & mask;
        }
    }

    TopicTrie.Node get(String word) {
        return get(word, 0, word.length());
    }

    /** Maps {@code word} to {@code node} (the word must be absent or removed). Writer only. */
    void put(String word, TopicTrie.Node node) {
        AtomicReferenceArray<Object> t = table;
        int slot = find(t, word);
        if (slot >= 0) {
            t.setRelease((slot << 1) + 1, node);
            live++;
            return;
        }
        int capacity = t.length() >>> 1;
        if ((used + 1) * 5 > capacity * 3) {
            t = rebuild(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, live + 1) * 4)));
        }
        int mask = (t.length() >>> 1) - 1;
        int i = hash(word, 0, word.length()) & mask;
        while (t.get(i << 1) != null) {
            i = (i + 1) & mask;
        }
        t.setRelease((i << 1) + 1, node);
        t.setRelease(i << 1, word);
        used++;
        live++;
    }

    /** Removes {@code word}; returns false when it was not present. Writer only. */
    boolean remove(String word) {
        AtomicReferenceArray<Object> t = table;
        int slot = find(t, word);
        if (slot < 0 || t.get((slot << 1) + 1) == TOMBSTONE) {
            return false;
        }
        t.setRelease((slot << 1) + 1, TOMBSTONE);
        live--;
        if (live == 0 && used > MIN_CAPACITY) {
            rebuild(MIN_CAPACITY);
        }
        return true;
    }

    /** The slot holding {@code word} as key (live or tombstoned), or -1. */
    private static int find(AtomicReferenceArray<Object> t, String word) {
        int mask = (t.length() >>> 1) - 1;
        int i = hash(word, 0, word.length()) & mask;
        Object k;
        while ((k = t.get(i << 1)) != null) {
            if (k.equals(word)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private AtomicReferenceArray<Object> rebuild(int capacity) {
        AtomicReferenceArray<Object> old = table;
        AtomicReferenceArray<Object> fresh = new AtomicReferenceArray<>(capacity * 2);
        int mask = capacity - 1;
        int count = 0;
        for (int s = 0; s < old.length(); s += 2) {
            Object k = old.get(s);
            Object v = old.get(s + 1);
            if (k != null && v != TOMBSTONE) {
                int i = hash((String) k, 0, ((String) k).length()) & mask;
                while (fresh.get(i << 1) != null) {
                    i = (i + 1) & mask;
                }
                fresh.set((i << 1) + 1, v);
                fresh.set(i << 1, k);
                count++;
            }
        }
        used = count;
        table = fresh;
        return fresh;
    }

    /** String.hashCode over a region, spread so that similar words land apart. */
    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
