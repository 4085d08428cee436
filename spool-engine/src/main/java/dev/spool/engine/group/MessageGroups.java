package dev.spool.engine.group;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which consumer owns which message group of a queue with {@code x-group-header}. A group (the header's value) is
 * assigned to a consumer with its first delivery and stays with it, so every message of the group goes to that one
 * consumer in queue order while different groups spread over the consumers; when the owner goes away (cancelled, its
 * channel closed) its groups are released, its unacknowledged messages go back to the queue, and each group moves to
 * the next consumer that takes one of its messages. Messages without the header are not grouped.
 *
 * <p><b>Memory.</b> Like ActiveMQ's message group map, assignments are kept in least-recently-used order and at most
 * {@code idleCapacity} groups with no message in flight are remembered; the least recently used idle group is
 * forgotten first (its next message may go to another consumer, which cannot break order since none of its messages
 * is in flight). Groups with messages in flight are never forgotten, and there are at most prefetch × consumers of
 * those. One small object per remembered group, nothing per message.
 *
 * <p><b>How the queue calls it</b> (under its lock, wired with the durable queue): at enqueue it reads the group key
 * from the header and keeps it with the entry; ready entries wait in one FIFO lane per group. Dispatch walks the
 * lanes round-robin: a lane whose group is owned goes only to {@link #ownerOf} its owner (skipped while the owner has
 * no credit, without blocking other lanes); an unowned lane goes to the next consumer with credit. Then
 * {@link #delivered}, and {@link #settled} on ack, reject or requeue of that delivery; {@link #consumerGone} when a
 * consumer leaves, before requeueing its deliveries. With single active consumer or one consumer, groups change
 * nothing.
 *
 * <p>Not thread-safe: owned by one queue, under its lock.
 */
public final class MessageGroups {
    /** What {@link #ownerOf} returns for a group nobody owns. */
    public static final int NO_OWNER = -1;
    /** The default number of idle groups remembered. */
    public static final int DEFAULT_IDLE_CAPACITY = 1024;

    private static final class Assignment {
        final int owner;
        int inFlight;

        Assignment(int owner) {
            this.owner = owner;
        }
    }

    private final int idleCapacity;
    private final LinkedHashMap<String, Assignment> assignments = new LinkedHashMap<>(16, 0.75f, true);
    private int idle;

    /** @param idleCapacity how many groups without messages in flight to remember, at least 1 */
    public MessageGroups(int idleCapacity) {
        if (idleCapacity < 1) {
            throw new IllegalArgumentException("idleCapacity must be at least 1: " + idleCapacity);
        }
        this.idleCapacity = idleCapacity;
    }

    public MessageGroups() {
        this(DEFAULT_IDLE_CAPACITY);
    }

    /** The consumer that owns {@code group}, or {@link #NO_OWNER}. */
    public int ownerOf(String group) {
        Assignment assignment = assignments.get(group);
        return assignment == null ? NO_OWNER : assignment.owner;
    }

    /** Whether a message of {@code group} may go to {@code consumer}: it owns the group or nobody does. */
    public boolean mayDeliverTo(String group, int consumer) {
        int owner = ownerOf(group);
        return owner == NO_OWNER || owner == consumer;
    }

    /**
     * A message of {@code group} was delivered to {@code consumer}, which now owns the group.
     *
     * @throws IllegalStateException when another consumer owns it (the queue must check {@link #mayDeliverTo})
     */
    public void delivered(String group, int consumer) {
        Assignment assignment = assignments.get(group);
        if (assignment == null) {
            assignment = new Assignment(consumer);
            assignments.put(group, assignment);
        } else if (assignment.owner != consumer) {
            throw new IllegalStateException("group '" + group + "' is owned by consumer " + assignment.owner);
        } else if (assignment.inFlight == 0) {
            idle--;
        }
        assignment.inFlight++;
    }

    /** A delivered message of {@code group} was acked, rejected or requeued. */
    public void settled(String group) {
        Assignment assignment = assignments.get(group);
        if (assignment == null || assignment.inFlight == 0) {
            return;
        }
        if (--assignment.inFlight == 0) {
            idle++;
            forgetIdleBeyondCapacity();
        }
    }

    /** {@code consumer} went away: releases all its groups. */
    public void consumerGone(int consumer) {
        Iterator<Map.Entry<String, Assignment>> it = assignments.entrySet().iterator();
        while (it.hasNext()) {
            Assignment assignment = it.next().getValue();
            if (assignment.owner == consumer) {
                if (assignment.inFlight == 0) {
                    idle--;
                }
                it.remove();
            }
        }
    }

    /** How many delivered messages of {@code group} are not settled yet (0 for a group nobody owns). */
    public int inFlight(String group) {
        Assignment assignment = assignments.get(group);
        return assignment == null ? 0 : assignment.inFlight;
    }

    /**
     * Forgets {@code group} if it has no message in flight, so that any consumer may take it next (a queue's
     * {@code basic.get}, which is no consumer to stay with, releases a group so once its messages are settled).
     *
     * @return true when the group is now unowned
     */
    public boolean releaseIfIdle(String group) {
        Assignment assignment = assignments.get(group);
        if (assignment == null) {
            return true;
        }
        if (assignment.inFlight != 0) {
            return false;
        }
        assignments.remove(group);
        idle--;
        return true;
    }

    /** Groups remembered. */
    public int size() {
        return assignments.size();
    }

    private void forgetIdleBeyondCapacity() {
        if (idle <= idleCapacity) {
            return;
        }
        Iterator<Map.Entry<String, Assignment>> it = assignments.entrySet().iterator();
        while (idle > idleCapacity && it.hasNext()) {
            if (it.next().getValue().inFlight == 0) {
                it.remove();
                idle--;
            }
        }
    }
}
