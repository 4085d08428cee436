package dev.spool.store.log;

import dev.spool.store.format.SettlementDescriptor;

/**
 * The settlement state of one segment's references while it is being recovered, folded from its settlement file: a
 * primitive open-addressing map from (record offset, queue id) to state, so recovery does not box or allocate per
 * entry. Used by the opening thread only, and dropped once the segment is scanned.
 */
final class ReferenceStates {
    /** {@link #get} of a reference the settlement file never mentions. */
    static final int UNKNOWN = 0;
    private static final int KNOWN = 1 << 31;
    private static final int SETTLED = 1 << 30;
    private static final int REDELIVERED = 1 << 16;
    private static final int COUNT_MASK = 0xFFFF;

    private long[] keys = new long[64];
    private int[] states = new int[64];
    private int size;

    /** Folds one settlement entry in: settled is final; otherwise the last delivery state wins. */
    void apply(int recordOffset, int queueId, byte kind, int flags, int deliveryCount) {
        long key = key(recordOffset, queueId);
        int slot = slotOf(key);
        int previous = keys[slot] == key ? states[slot] : UNKNOWN;
        if ((previous & SETTLED) != 0) {
            return;
        }
        int state;
        if (kind == SettlementDescriptor.KIND_SETTLED) {
            state = KNOWN | SETTLED;
        } else {
            boolean redelivered = (flags & SettlementDescriptor.FLAG_REDELIVERED) != 0;
            state = KNOWN | (redelivered ? REDELIVERED : 0) | (deliveryCount & COUNT_MASK);
        }
        if (keys[slot] != key) {
            keys[slot] = key;
            if (++size * 2 > keys.length) {
                states[slot] = state;
                grow();
                return;
            }
        }
        states[slot] = state;
    }

    int get(int recordOffset, int queueId) {
        long key = key(recordOffset, queueId);
        int slot = slotOf(key);
        return keys[slot] == key ? states[slot] : UNKNOWN;
    }

    static boolean isSettled(int state) {
        return (state & SETTLED) != 0;
    }

    static boolean isRedelivered(int state) {
        return (state & REDELIVERED) != 0;
    }

    static int deliveryCount(int state) {
        return state & COUNT_MASK;
    }

    /** Record offsets are at least the header length, so no key is 0 and 0 marks an empty slot. */
    private static long key(int recordOffset, int queueId) {
        return (long) recordOffset << 32 | (queueId & 0xFFFF_FFFFL);
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slotOf(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldStates = states;
        keys = new long[oldKeys.length * 2];
        states = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                states[slot] = oldStates[i];
            }
        }
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }
}
