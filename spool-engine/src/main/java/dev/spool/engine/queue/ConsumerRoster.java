package dev.spool.engine.queue;

import java.util.Arrays;

/**
 * A queue's consumers in dispatch order: grouped by consumer priority, highest first; round-robin within a group. The
 * next delivery goes to the first consumer, in that order, whose {@link Consumer#tryAcquireCredit()} succeeds.
 *
 * <p><b>Single active consumer</b> ({@code x-single-active-consumer}): only the active consumer is offered deliveries.
 * The first to subscribe becomes active; when it leaves, the first in dispatch order (highest consumer priority, then
 * subscription order) takes over, as in RabbitMQ's classic queues. A consumer subscribing later does not take over,
 * whatever its priority.
 *
 * <p>A consumer refused credit is marked blocked and skipped until {@link #unblockAll()}; the queue calls that when the
 * front end calls {@link Queue#dispatch()} after returning credit. Marks are epoch stamps, so unblocking is O(1), and
 * a queue whose consumers are all blocked appends a published message without asking any of them.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class ConsumerRoster {

    /**
     * Whether a consumer has anything it may take (a grouped queue: a lane it owns or an unowned one). Asked before
     * its credit, so a consumer with nothing to take keeps its credit and is not marked blocked.
     */
    interface Eligibility {
        boolean canTake(int consumerId);
    }

    /** One consumer's place. */
    private static final class Slot {
        final Consumer consumer;
        final int id;
        int blockedEpoch;

        Slot(Consumer consumer, int id) {
            this.consumer = consumer;
            this.id = id;
        }
    }

    /** The consumers sharing one priority, with the round-robin position of the next one to try. */
    private static final class Group {
        final int priority;
        Slot[] slots = new Slot[4];
        int count;
        int cursor;

        Group(int priority) {
            this.priority = priority;
        }
    }

    private final boolean singleActive;
    private Group[] groups = new Group[0];
    /** With single active consumer: the one that receives; null when there are no consumers. */
    private Slot active;
    /** The active consumer as last published by {@link #publishActive()}, and its tag (read without the lock). */
    private Slot published;
    private volatile String activeTag;
    private int size;
    private int epoch = 1;
    /** The id the next consumer gets: from 1 up, never reused (0 is basic.get's in {@link GroupLanes}). */
    private int nextId = 1;
    /** The id of the consumer {@link #nextWithCredit(Eligibility)} returned last. */
    private int chosenId;
    private int blockedInEpoch;

    /** A roster that offers deliveries to every consumer by priority and round-robin. */
    ConsumerRoster() {
        this(false);
    }

    /** @param singleActive whether only one consumer at a time receives ({@code x-single-active-consumer}) */
    ConsumerRoster(boolean singleActive) {
        this.singleActive = singleActive;
    }

    int size() {
        return size;
    }

    /** With single active consumer, the consumer that receives now; otherwise (or with no consumers) null. */
    Consumer active() {
        return active == null ? null : active.consumer;
    }

    /**
     * Publishes the active consumer's tag for management after a change of consumers.
     *
     * @return true when another consumer became active (it should be dispatched to)
     */
    boolean publishActive() {
        if (active == published) {
            return false;
        }
        published = active;
        activeTag = active == null ? null : active.consumer.tag();
        return active != null;
    }

    /** The active consumer's tag as last published; null without single active consumer. Any thread. */
    String activeTag() {
        return activeTag;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** True when every consumer was refused credit since the last {@link #unblockAll()} (or there are none). */
    boolean allBlocked() {
        if (singleActive) {
            return active == null || active.blockedEpoch == epoch;
        }
        return blockedInEpoch >= size;
    }

    void unblockAll() {
        if (++epoch == 0) {
            epoch = 1; // a fresh slot's stamp is 0 and must never read as blocked
        }
        blockedInEpoch = 0;
    }

    /** Adds a consumer at the end of its priority group. */
    void add(Consumer consumer) {
        Group group = groupFor(consumer.priority());
        if (group.count == group.slots.length) {
            group.slots = Arrays.copyOf(group.slots, group.count << 1);
        }
        Slot slot = new Slot(consumer, nextId++);
        group.slots[group.count++] = slot;
        size++;
        if (singleActive && active == null) {
            active = slot;
        }
    }

    /** Removes a consumer (by identity); returns false if it was not here. */
    boolean remove(Consumer consumer) {
        for (int g = 0; g < groups.length; g++) {
            Group group = groups[g];
            for (int i = 0; i < group.count; i++) {
                Slot slot = group.slots[i];
                if (slot.consumer == consumer) {
                    if (slot.blockedEpoch == epoch) {
                        blockedInEpoch--;
                    }
                    System.arraycopy(group.slots, i + 1, group.slots, i, group.count - i - 1);
                    group.slots[--group.count] = null;
                    if (i < group.cursor) {
                        group.cursor--;
                    }
                    if (group.cursor >= group.count) {
                        group.cursor = 0;
                    }
                    if (group.count == 0) {
                        removeGroup(g);
                    }
                    size--;
                    if (slot == active) {
                        active = groups.length == 0 ? null : groups[0].slots[0]; // the next in line takes over
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The consumer that takes the next delivery, its credit already acquired; null when none can take one now.
     * Consumers refused credit are marked blocked on the way.
     */
    Consumer nextWithCredit() {
        if (singleActive) {
            return activeWithCredit();
        }
        if (blockedInEpoch >= size) {
            return null;
        }
        for (Group group : groups) {
            int count = group.count;
            for (int k = 0; k < count; k++) {
                int i = group.cursor + k;
                if (i >= count) {
                    i -= count;
                }
                Slot slot = group.slots[i];
                if (slot.blockedEpoch == epoch) {
                    continue;
                }
                if (slot.consumer.tryAcquireCredit()) {
                    group.cursor = i + 1 == count ? 0 : i + 1;
                    return slot.consumer;
                }
                slot.blockedEpoch = epoch;
                blockedInEpoch++;
            }
        }
        return null;
    }

    /**
     * As {@link #nextWithCredit()}, but a consumer is asked for credit only when {@code eligibility} says it has
     * something to take; {@link #chosenId()} then names the one returned.
     */
    Consumer nextWithCredit(Eligibility eligibility) {
        if (singleActive) {
            if (active == null || active.blockedEpoch == epoch || !eligibility.canTake(active.id)) {
                return null;
            }
            chosenId = active.id;
            return activeWithCredit();
        }
        if (blockedInEpoch >= size) {
            return null;
        }
        for (Group group : groups) {
            int count = group.count;
            for (int k = 0; k < count; k++) {
                int i = group.cursor + k;
                if (i >= count) {
                    i -= count;
                }
                Slot slot = group.slots[i];
                if (slot.blockedEpoch == epoch || !eligibility.canTake(slot.id)) {
                    continue;
                }
                if (slot.consumer.tryAcquireCredit()) {
                    group.cursor = i + 1 == count ? 0 : i + 1;
                    chosenId = slot.id;
                    return slot.consumer;
                }
                slot.blockedEpoch = epoch;
                blockedInEpoch++;
            }
        }
        return null;
    }

    /** The id of the consumer the last {@link #nextWithCredit(Eligibility)} returned. */
    int chosenId() {
        return chosenId;
    }

    /** The id this roster gave {@code consumer}, or -1 when it is not here. */
    int idOf(Consumer consumer) {
        for (Group group : groups) {
            for (int i = 0; i < group.count; i++) {
                if (group.slots[i].consumer == consumer) {
                    return group.slots[i].id;
                }
            }
        }
        return -1;
    }

    private Consumer activeWithCredit() {
        if (active == null || active.blockedEpoch == epoch) {
            return null;
        }
        if (active.consumer.tryAcquireCredit()) {
            return active.consumer;
        }
        active.blockedEpoch = epoch;
        blockedInEpoch++;
        return null;
    }

    /** The consumers, highest priority first (allocates; for cancellation and management). */
    Consumer[] toArray() {
        Consumer[] out = new Consumer[size];
        int n = 0;
        for (Group group : groups) {
            for (int i = 0; i < group.count; i++) {
                out[n++] = group.slots[i].consumer;
            }
        }
        return out;
    }

    void clear() {
        groups = new Group[0];
        active = null;
        size = 0;
        blockedInEpoch = 0;
    }

    private Group groupFor(int priority) {
        int at = 0;
        while (at < groups.length && groups[at].priority > priority) {
            at++;
        }
        if (at < groups.length && groups[at].priority == priority) {
            return groups[at];
        }
        Group group = new Group(priority);
        Group[] grown = new Group[groups.length + 1];
        System.arraycopy(groups, 0, grown, 0, at);
        grown[at] = group;
        System.arraycopy(groups, at, grown, at + 1, groups.length - at);
        groups = grown;
        return group;
    }

    private void removeGroup(int g) {
        Group[] shrunk = new Group[groups.length - 1];
        System.arraycopy(groups, 0, shrunk, 0, g);
        System.arraycopy(groups, g + 1, shrunk, g, groups.length - g - 1);
        groups = shrunk;
    }
}
