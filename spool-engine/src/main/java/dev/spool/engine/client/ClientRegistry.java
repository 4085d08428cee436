package dev.spool.engine.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's open client connections and channels, and the message totals per virtual host: what management lists
 * and what the global message counters add up.
 *
 * <p>Totals are the live channels' counters summed on read, plus what closed channels counted (folded in when they
 * close). Closing a channel and summing hold this object's monitor, so a total never counts a channel twice or loses
 * one; neither happens on the message path (only at channel open and close, and on a management read).
 *
 * <p>Thread-safe: front ends register and deregister from their connection threads; management reads from its own.
 */
public final class ClientRegistry {
    private final ConcurrentHashMap<String, ClientConnection> connections = new ConcurrentHashMap<>();
    private final Collection<ClientChannel> channels = ConcurrentHashMap.newKeySet();
    /** Counts of closed channels by virtual host. Guarded by {@code this}. */
    private final Map<String, long[]> closedChannelCounts = new HashMap<>();
    /** Counts of virtual hosts since deleted, kept so that the global totals never go down. Guarded by {@code this}. */
    private final long[] deletedVhostCounts = new long[MessageCounters.COUNT];

    public void connectionOpened(ClientConnection connection) {
        connections.put(connection.name(), connection);
    }

    /** Forgets a connection (its channels must have been closed first). */
    public void connectionClosed(ClientConnection connection) {
        connections.remove(connection.name(), connection);
    }

    public synchronized void channelOpened(ClientChannel channel) {
        channels.add(channel);
    }

    /** Forgets a channel, keeping its counts in its virtual host's totals. */
    public synchronized void channelClosed(ClientChannel channel) {
        if (channels.remove(channel)) {
            channel.counters().addTo(closedChannelCounts.computeIfAbsent(channel.connection().vhost(),
                    v -> new long[MessageCounters.COUNT]));
        }
    }

    /** The connection with this name, or null. */
    public ClientConnection connection(String name) {
        return connections.get(name);
    }

    /** A snapshot of the open connections. */
    public List<ClientConnection> connections() {
        return new ArrayList<>(connections.values());
    }

    public int connectionCount() {
        return connections.size();
    }

    /** A snapshot of the open channels. */
    public List<ClientChannel> channels() {
        return new ArrayList<>(channels);
    }

    public int channelCount() {
        return channels.size();
    }

    /**
     * Every counter summed over all channels ever opened on {@code vhost}, or on every virtual host when null; indexed
     * by the {@link MessageCounters} constants.
     */
    public synchronized long[] totals(String vhost) {
        long[] sums = new long[MessageCounters.COUNT];
        if (vhost == null) {
            System.arraycopy(deletedVhostCounts, 0, sums, 0, sums.length);
        }
        for (Map.Entry<String, long[]> closed : closedChannelCounts.entrySet()) {
            if (vhost == null || vhost.equals(closed.getKey())) {
                long[] counts = closed.getValue();
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += counts[i];
                }
            }
        }
        for (ClientChannel channel : channels) {
            if (vhost == null || vhost.equals(channel.connection().vhost())) {
                channel.counters().addTo(sums);
            }
        }
        return sums;
    }

    /** Moves a deleted virtual host's closed-channel totals into the global ones. */
    public synchronized void vhostDeleted(String vhost) {
        long[] counts = closedChannelCounts.remove(vhost);
        if (counts != null) {
            for (int i = 0; i < counts.length; i++) {
                deletedVhostCounts[i] += counts[i];
            }
        }
    }
}
