package dev.spool.engine.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open channel as management sees it: created by the front end when the channel opens, registered in the
 * {@link ClientRegistry}, updated by the channel's own thread and read racily by management.
 *
 * <p>Threading: the channel's thread is the only writer of the counters and the settings below (volatile, written
 * rarely); the consumer map is concurrent. Management threads only read.
 */
public final class ClientChannel {
    private static final VarHandle UNACKNOWLEDGED;

    static {
        try {
            UNACKNOWLEDGED = MethodHandles.lookup().findVarHandle(ClientChannel.class, "unacknowledged", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientConnection connection;
    private final int number;
    private final MessageCounters counters = new MessageCounters();
    private final ConcurrentHashMap<String, ClientConsumer> consumers = new ConcurrentHashMap<>();
    private volatile int prefetchCount;
    private volatile int globalPrefetchCount;
    private volatile boolean confirm;
    private volatile boolean transactional;
    private int unacknowledged; // opaque: written per delivery and ack, so no fence

    public ClientChannel(ClientConnection connection, int number) {
        this.connection = connection;
        this.number = number;
    }

    public ClientConnection connection() {
        return connection;
    }

    public int number() {
        return number;
    }

    /** RabbitMQ's channel name: {@code "connection name (number)"}. */
    public String name() {
        return connection.name() + " (" + number + ")";
    }

    public MessageCounters counters() {
        return counters;
    }

    public void consumerAdded(ClientConsumer consumer) {
        consumers.put(consumer.tag(), consumer);
    }

    public void consumerRemoved(String tag) {
        consumers.remove(tag);
    }

    /** A snapshot of the channel's consumers. */
    public List<ClientConsumer> consumers() {
        return new ArrayList<>(consumers.values());
    }

    public int consumerCount() {
        return consumers.size();
    }

    /** Consumers of the given queue on this channel (a snapshot). */
    public Collection<ClientConsumer> consumersOf(String queue) {
        List<ClientConsumer> found = new ArrayList<>();
        for (ClientConsumer consumer : consumers.values()) {
            if (consumer.queue().equals(queue)) {
                found.add(consumer);
            }
        }
        return found;
    }

    /** basic.qos global=false: the prefetch of consumers created from now on. */
    public void prefetchCount(int count) {
        this.prefetchCount = count;
    }

    public int prefetchCount() {
        return prefetchCount;
    }

    /** basic.qos global=true. */
    public void globalPrefetchCount(int count) {
        this.globalPrefetchCount = count;
    }

    public int globalPrefetchCount() {
        return globalPrefetchCount;
    }

    public void confirm(boolean on) {
        this.confirm = on;
    }

    public boolean confirm() {
        return confirm;
    }

    public void transactional(boolean on) {
        this.transactional = on;
    }

    public boolean transactional() {
        return transactional;
    }

    /** Deliveries awaiting acknowledgement; the channel's thread writes it after each delivery and settlement. */
    public void unacknowledged(int count) {
        UNACKNOWLEDGED.setOpaque(this, count);
    }

    public int unacknowledged() {
        return (int) UNACKNOWLEDGED.getOpaque(this);
    }
}
