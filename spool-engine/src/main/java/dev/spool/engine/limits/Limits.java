package dev.spool.engine.limits;

import dev.spool.engine.EngineException;
import dev.spool.engine.ErrorCondition;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's resource limits and the live counts they are checked against: connections per virtual host,
 * connections and channels per user. Limits set for one virtual host or user win over the defaults (from the
 * configuration); management sets and clears them at run time, as {@code rabbitmqctl set_vhost_limits} and
 * {@code set_user_limits} do, and a change applies to the next connection, channel or queue.
 *
 * <p>Refusals carry RabbitMQ's conditions and texts: NOT_ALLOWED for connections ({@code access to vhost '/' refused
 * for user 'app': connection limit (10) is reached}, {@code connection refused for user 'app': user connection limit
 * (2) is reached}) and channels ({@code number of channels opened for user 'app' has reached the maximum allowed user
 * limit of 100}), PRECONDITION_FAILED for queues ({@code cannot declare queue 'q': queue limit in vhost '/' (50) is
 * reached}).
 *
 * <p><b>Threading.</b> Thread-safe. Each count is checked and changed in one atomic step of its map, so concurrent
 * connections cannot overshoot a limit. Called by connection event loops (open and close of connections and
 * channels) and by management.
 */
public final class Limits {
    private volatile VhostLimits vhostDefaults = VhostLimits.NONE;
    private volatile UserLimits userDefaults = UserLimits.NONE;
    private final ConcurrentHashMap<String, VhostLimits> vhostLimits = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UserLimits> userLimits = new ConcurrentHashMap<>();
    /** Live counts; an entry is removed when it drops to 0. */
    private final ConcurrentHashMap<String, Integer> vhostConnections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> userConnections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> userChannels = new ConcurrentHashMap<>();
    private final LimitsJournal journal;

    /** Limits kept in memory only. */
    public Limits() {
        this(LimitsJournal.NONE);
    }

    /** Limits whose per-virtual-host and per-user settings are recorded in {@code journal} before they change. */
    public Limits(LimitsJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Sets the limits of virtual hosts and users that have none of their own (from the configuration). */
    public void setDefaults(VhostLimits vhosts, UserLimits users) {
        this.vhostDefaults = Objects.requireNonNull(vhosts, "vhosts");
        this.userDefaults = Objects.requireNonNull(users, "users");
    }

    /** The limits in force for a virtual host: its own, else the defaults. */
    public VhostLimits vhostLimits(String vhost) {
        VhostLimits own = vhostLimits.get(vhost);
        return own == null ? vhostDefaults : own;
    }

    /** The limits set for this virtual host itself, or null (the defaults apply). */
    public VhostLimits ownVhostLimits(String vhost) {
        return vhostLimits.get(vhost);
    }

    /** Sets a virtual host's own limits ({@code rabbitmqctl set_vhost_limits}). */
    public synchronized void setVhostLimits(String vhost, VhostLimits limits) {
        Objects.requireNonNull(limits, "limits");
        journal.putVhostLimits(vhost, limits);
        vhostLimits.put(vhost, limits);
    }

    /** Clears a virtual host's own limits; the defaults apply again. */
    public synchronized void clearVhostLimits(String vhost) {
        if (vhostLimits.containsKey(vhost)) {
            journal.deleteVhostLimits(vhost);
            vhostLimits.remove(vhost);
        }
    }

    /** Sets limits read back from the journal at start, without journaling them again. */
    public void restoreVhostLimits(String vhost, VhostLimits limits) {
        vhostLimits.put(vhost, Objects.requireNonNull(limits, "limits"));
    }

    /** Sets limits read back from the journal at start, without journaling them again. */
    public void restoreUserLimits(String user, UserLimits limits) {
        userLimits.put(user, Objects.requireNonNull(limits, "limits"));
    }

    /** The limits in force for a user: its own, else the defaults. */
    public UserLimits userLimits(String user) {
        UserLimits own = userLimits.get(user);
        return own == null ? userDefaults : own;
    }

    /** The limits set for this user itself, or null (the defaults apply). */
    public UserLimits ownUserLimits(String user) {
        return userLimits.get(user);
    }

    /** Sets a user's own limits ({@code rabbitmqctl set_user_limits}). */
    public synchronized void setUserLimits(String user, UserLimits limits) {
        Objects.requireNonNull(limits, "limits");
        journal.putUserLimits(user, limits);
        userLimits.put(user, limits);
    }

    /** Clears a user's own limits; the defaults apply again. */
    public synchronized void clearUserLimits(String user) {
        if (userLimits.containsKey(user)) {
            journal.deleteUserLimits(user);
            userLimits.remove(user);
        }
    }

    /**
     * Counts a connection of {@code user} to {@code vhost} (connection.open), checking the virtual host's limit first
     * and then the user's, as RabbitMQ does. Pair with {@link #connectionClosed}.
     *
     * @throws EngineException NOT_ALLOWED when either limit is reached; nothing is counted then
     */
    public void connectionOpened(String user, String vhost) {
        int vhostMax = vhostLimits(vhost).maxConnections();
        increment(vhostConnections, vhost, vhostMax, () -> "access to vhost '" + vhost + "' refused for user '"
                + user + "': connection limit (" + vhostMax + ") is reached");
        int userMax = userLimits(user).maxConnections();
        try {
            increment(userConnections, user, userMax, () -> "connection refused for user '" + user
                    + "': user connection limit (" + userMax + ") is reached");
        } catch (EngineException e) {
            decrement(vhostConnections, vhost);
            throw e;
        }
    }

    /** A connection counted by {@link #connectionOpened} closed. */
    public void connectionClosed(String user, String vhost) {
        decrement(vhostConnections, vhost);
        decrement(userConnections, user);
    }

    /**
     * Counts a channel of {@code user} (channel.open). Pair with {@link #channelClosed}.
     *
     * @throws EngineException NOT_ALLOWED when the user's channel limit is reached; nothing is counted then
     */
    public void channelOpened(String user) {
        int max = userLimits(user).maxChannels();
        increment(userChannels, user, max, () -> "number of channels opened for user '" + user
                + "' has reached the maximum allowed user limit of " + max);
    }

    /** A channel counted by {@link #channelOpened} closed. */
    public void channelClosed(String user) {
        decrement(userChannels, user);
    }

    /**
     * Checks the queue limit before a new queue is declared (not for a redeclaration of an existing one, as RabbitMQ
     * enforces it for new queues only).
     *
     * @param queues how many queues the virtual host has now
     * @throws EngineException PRECONDITION_FAILED when the virtual host has as many queues as its limit allows
     */
    public void checkNewQueue(String vhost, int queues, String queue) {
        int max = vhostLimits(vhost).maxQueues();
        if (max >= 0 && queues >= max) {
            throw EngineException.preconditionFailed("cannot declare queue '" + queue + "': queue limit in vhost '"
                    + vhost + "' (" + max + ") is reached");
        }
    }

    /** Connections open to a virtual host now. */
    public int connections(String vhost) {
        return vhostConnections.getOrDefault(vhost, 0);
    }

    /** Connections a user has open now. */
    public int userConnections(String user) {
        return userConnections.getOrDefault(user, 0);
    }

    /** Channels a user has open now, all connections together. */
    public int userChannels(String user) {
        return userChannels.getOrDefault(user, 0);
    }

    /** The refusal text, built only when a limit is hit. */
    private interface Refusal {
        String text();
    }

    private static void increment(ConcurrentHashMap<String, Integer> counts, String key, int max, Refusal refusal) {
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (max >= 0 && now >= max) {
                throw new EngineException(ErrorCondition.NOT_ALLOWED, refusal.text());
            }
            return now + 1;
        });
    }

    private static void decrement(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
