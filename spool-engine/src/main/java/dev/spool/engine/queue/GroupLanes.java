package dev.spool.engine.queue;

import dev.spool.engine.group.MessageGroups;
import dev.spool.engine.message.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ready entries of a queue with message groups ({@code x-group-header}): one lane per group with ready entries,
 * plus one lane for messages without the header, each a {@link RequeuedEntries} heap ordered by entry id (so queue
 * order, and a requeued entry goes back to its place). Which consumer owns which group is {@link MessageGroups}'s
 * business; this class files every non-empty lane under its group's owner, or as unowned, keyed by the id of its
 * head, so that the next entry for a consumer is found in O(log n): the oldest head among the lanes it owns and the
 * unowned ones. One consumer alone therefore gets the queue's exact order; several get the groups spread over them,
 * each group in order and with one consumer at a time.
 *
 * <p>When a consumer goes away its groups are released and its lanes become unowned. A channel that closes requeues
 * its deliveries before its consumers leave, so they are back at the head of their lanes when the group moves.
 * {@code basic.get} takes from unowned lanes; a group it took a message of (with acknowledgement) stays with it until
 * that message is settled.
 *
 * <p>Costs, only for grouped queues: 24 bytes per ready message in the lanes, a small object per lane, per
 * unacknowledged grouped delivery and per remembered group ({@link MessageGroups}).
 *
 * <p>Not thread-safe: the owning queue calls it under its lock, through {@link QueueIndex}.
 */
final class GroupLanes {
    /** The owner id of {@code basic.get}; consumers are numbered from 1. */
    static final int GET = 0;
    /** Selects the next entry whoever owns it (management, the oldest-ready age). */
    static final int ANY = Integer.MIN_VALUE;
    private static final int UNOWNED = MessageGroups.NO_OWNER;

    /** One group's ready entries, filed in {@link #unowned} or under an owner while it has any. */
    static final class Lane {
        final String group;
        final RequeuedEntries entries = new RequeuedEntries();
        int filedUnder = UNOWNED;
        /** The head id it is filed under; meaningful while filed. */
        long key;
        boolean filed;

        Lane(String group) {
            this.group = group;
        }
    }

    /** An unacknowledged grouped delivery: its group and the consumer it went to. */
    private record InFlight(String group, int owner) {
    }

    private final String header;
    private final MessageGroups ownership = new MessageGroups();
    private final Map<String, Lane> byGroup = new HashMap<>();
    private final Lane ungrouped = new Lane(null);
    private final TreeMap<Long, Lane> unowned = new TreeMap<>();
    private final Map<Integer, TreeMap<Long, Lane>> owned = new HashMap<>();
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private int size;

    /** @param header the header whose value names a message's group */
    GroupLanes(String header) {
        this.header = header;
    }

    String header() {
        return header;
    }

    /** The group of a published message: the text of its group header, or null when it has none. */
    String groupOf(Message message) {
        Object value = message.headers().get(header);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    int size() {
        return size;
    }

    /** Adds an entry (published, recovered or requeued) to its group's lane, at its place by id. */
    void add(long id, String group, long ref, Message message, int deliveries) {
        Lane lane = group == null ? ungrouped : byGroup.computeIfAbsent(group, Lane::new);
        boolean wasEmpty = lane.entries.isEmpty();
        if (wasEmpty) {
            lane.entries.add(id, ref, deliveries, message);
            file(lane, group == null ? UNOWNED : ownership.ownerOf(group));
        } else if (id < lane.key) {
            unfile(lane);
            lane.entries.add(id, ref, deliveries, message);
            file(lane, lane.filedUnder);
        } else {
            lane.entries.add(id, ref, deliveries, message);
        }
        size++;
    }

    /**
     * The lane holding the next entry for {@code consumer} (an owner id, {@link #GET} or {@link #ANY}): the oldest
     * head among the unowned lanes and those it owns. Null when there is none.
     */
    Lane select(int consumer) {
        Map.Entry<Long, Lane> best = unowned.firstEntry();
        if (consumer == ANY) {
            for (TreeMap<Long, Lane> lanes : owned.values()) {
                best = older(best, lanes.firstEntry());
            }
        } else {
            TreeMap<Long, Lane> mine = owned.get(consumer);
            if (mine != null) {
                best = older(best, mine.firstEntry());
            }
        }
        return best == null ? null : best.getValue();
    }

    /** The head of {@code lane} was removed from its heap (taken or dropped): re-files or forgets the lane. */
    void headRemoved(Lane lane) {
        unfile(lane);
        size--;
        if (!lane.entries.isEmpty()) {
            file(lane, lane.filedUnder);
        } else if (lane.group != null) {
            byGroup.remove(lane.group);
        }
    }

    /**
     * The entry just taken from {@code lane} went to {@code consumer}: the group is now its own, and with
     * acknowledgements the delivery is remembered until settled.
     */
    void delivered(long entryId, Lane lane, int consumer, boolean noAck) {
        String group = lane.group;
        if (group == null || (noAck && consumer == GET) || !ownership.mayDeliverTo(group, consumer)) {
            return; // the last: cannot happen, lanes are filed by owner; never throw with a message in hand
        }
        ownership.delivered(group, consumer);
        if (noAck) {
            ownership.settled(group);
        } else {
            inFlight.put(entryId, new InFlight(group, consumer));
        }
        if (lane.filed && lane.filedUnder != consumer) {
            unfile(lane);
            file(lane, consumer);
        }
    }

    /**
     * An unacknowledged entry was acked, discarded or requeued.
     *
     * @return its group, or null when it had none
     */
    String settled(long entryId) {
        InFlight delivery = inFlight.remove(entryId);
        if (delivery == null) {
            return null;
        }
        String group = delivery.group();
        if (ownership.ownerOf(group) == delivery.owner()) { // else the group moved on since; its count is not ours
            ownership.settled(group);
            if (delivery.owner() == GET && ownership.releaseIfIdle(group)) {
                Lane lane = byGroup.get(group);
                if (lane != null && lane.filed && lane.filedUnder == GET) {
                    unfile(lane);
                    file(lane, UNOWNED);
                }
            }
        }
        return group;
    }

    /** {@code consumer} left: its groups are released and their lanes go to whoever takes them next. */
    void consumerGone(int consumer) {
        ownership.consumerGone(consumer);
        TreeMap<Long, Lane> lanes = owned.remove(consumer);
        if (lanes != null) {
            for (Lane lane : lanes.values()) {
                lane.filedUnder = UNOWNED;
                unowned.put(lane.key, lane);
            }
        }
    }

    /** Every lane holding entries (management's browse, purge, removal; allocates). */
    List<Lane> lanes() {
        List<Lane> out = new ArrayList<>(byGroup.size() + 1);
        if (!ungrouped.entries.isEmpty()) {
            out.add(ungrouped);
        }
        for (Lane lane : byGroup.values()) {
            if (!lane.entries.isEmpty()) {
                out.add(lane);
            }
        }
        return out;
    }

    /** The lane holding ready entry {@code id}, or null (a scan: management only). */
    Lane laneHolding(long id) {
        for (Lane lane : lanes()) {
            RequeuedEntries entries = lane.entries;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.idAt(i) == id) {
                    return lane;
                }
            }
        }
        return null;
    }

    /**
     * Removes ready entry {@code id} from {@code lane}, wherever it is (management deletes one message); what it held
     * is left in the lane's {@link RequeuedEntries#removedRef()} and {@link RequeuedEntries#removedMessage()}.
     */
    boolean remove(Lane lane, long id) {
        unfile(lane);
        boolean removed = lane.entries.remove(id);
        if (removed) {
            size--;
        }
        if (!lane.entries.isEmpty()) {
            file(lane, lane.filedUnder);
        } else if (lane.group != null) {
            byGroup.remove(lane.group);
        }
        return removed;
    }

    /** Forgets every ready entry (the caller dropped them); ownership and unacknowledged deliveries stay. */
    void clear() {
        for (Lane lane : byGroup.values()) {
            lane.entries.clear();
            lane.filed = false;
        }
        ungrouped.entries.clear();
        ungrouped.filed = false;
        byGroup.clear();
        unowned.clear();
        owned.clear();
        size = 0;
    }

    private static Map.Entry<Long, Lane> older(Map.Entry<Long, Lane> a, Map.Entry<Long, Lane> b) {
        if (a == null) {
            return b;
        }
        return b == null || a.getKey() < b.getKey() ? a : b;
    }

    private void file(Lane lane, int owner) {
        lane.filedUnder = owner;
        lane.key = lane.entries.minId();
        lane.filed = true;
        (owner == UNOWNED ? unowned : owned.computeIfAbsent(owner, o -> new TreeMap<>())).put(lane.key, lane);
    }

    private void unfile(Lane lane) {
        if (!lane.filed) {
            return;
        }
        lane.filed = false;
        if (lane.filedUnder == UNOWNED) {
            unowned.remove(lane.key);
        } else {
            TreeMap<Long, Lane> lanes = owned.get(lane.filedUnder);
            if (lanes != null) {
                lanes.remove(lane.key);
                if (lanes.isEmpty()) {
                    owned.remove(lane.filedUnder);
                }
            }
        }
    }
}
