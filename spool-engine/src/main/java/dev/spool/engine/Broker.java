package dev.spool.engine;

import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.User;
import dev.spool.engine.auth.UserJournal;
import dev.spool.engine.auth.Users;
import dev.spool.engine.durable.BrokerStorage;
import dev.spool.engine.durable.Definitions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's root: virtual hosts and users. Created once at start from the settings; front ends and management
 * reach everything through it.
 *
 * <p>Two kinds: {@link #Broker(BrokerSettings) in memory} (tests, tools), which creates the default virtual host and
 * user every time; and {@link #open durable}, which restores the definitions journal and each virtual host's message
 * log, and creates the defaults only in a fresh data directory (as RabbitMQ does on its first boot).
 *
 * <p>Thread-safe. {@link #open} and {@link #close} belong to the thread that starts and stops the broker.
 */
public final class Broker implements AutoCloseable {
    private final BrokerSettings settings;
    private final Clock clock;
    /** Null for a broker kept in memory only. */
    private final BrokerStorage storage;
    private final Users users;
    private final ConcurrentHashMap<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final AtomicInteger vhostIds = new AtomicInteger();
    private final AtomicInteger queueIds = new AtomicInteger();

    /** Creates the default virtual host and the default user with every permission on it, on the system clock. */
    public Broker(BrokerSettings settings) {
        this(settings, Clock.system());
    }

    /** A broker kept in memory only, with the default virtual host and user. */
    public Broker(BrokerSettings settings, Clock clock) {
        this(settings, clock, null);
        createDefaults();
    }

    private Broker(BrokerSettings settings, Clock clock, BrokerStorage storage) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = storage;
        this.users = new Users(storage == null ? UserJournal.NONE : storage.journal());
    }

    /**
     * A durable broker: restores the definitions in {@code storage}'s journal (or, in a fresh data directory, creates
     * the default virtual host and user), then opens every virtual host's message log, recovering the durable queues'
     * messages. Returns once everything is recovered.
     *
     * @throws IOException when a message log cannot be opened (the ones already opened are closed again)
     */
    public static Broker open(BrokerSettings settings, Clock clock, BrokerStorage storage) throws IOException {
        Broker broker = new Broker(settings, clock, Objects.requireNonNull(storage, "storage"));
        Definitions definitions = storage.journal().load();
        try {
            if (definitions.isEmpty()) {
                broker.createDefaults();
            } else {
                broker.restore(definitions);
                for (VirtualHost vhost : broker.vhosts.values()) {
                    vhost.openStore();
                }
            }
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public BrokerSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** The virtual host, or null when there is none by that name. */
    public VirtualHost vhost(String name) {
        return vhosts.get(name);
    }

    /**
     * Creates a virtual host, or returns the existing one. On a durable broker it is journaled and its message log
     * opened first.
     */
    public synchronized VirtualHost createVhost(String name) {
        VirtualHost existing = vhosts.get(name);
        if (existing != null) {
            return existing;
        }
        int id = vhostIds.incrementAndGet();
        VirtualHost vhost = new VirtualHost(name, id, clock, storage, queueIds);
        if (storage != null) {
            storage.journal().putVhost(name, id);
            try {
                vhost.openStore();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the message log of vhost '" + name + "'", e);
            }
        }
        vhosts.put(name, vhost);
        return vhost;
    }

    /** The virtual hosts (a weakly consistent view). */
    public Collection<VirtualHost> vhosts() {
        return Collections.unmodifiableCollection(vhosts.values());
    }

    /**
     * Checks a login, as RabbitMQ's internal backend and loopback rule do: credentials first, then the loopback
     * restriction.
     *
     * @param fromLoopback whether the client connected from a loopback address
     * @return the user
     * @throws EngineException ACCESS_REFUSED for an unknown user or a wrong password ({@code user 'x' - invalid
     *                         credentials}), and for a loopback-only user connecting from elsewhere ({@code user 'guest'
     *                         can only connect via localhost})
     */
    public User authenticate(String username, String password, boolean fromLoopback) {
        User user = users.check(username, password);
        if (user == null) {
            throw EngineException.accessRefused("user '" + username + "' - invalid credentials");
        }
        if (!fromLoopback && settings.loopbackUsers().contains(username)) {
            throw EngineException.accessRefused("user '" + username + "' can only connect via localhost");
        }
        return user;
    }

    /** Whether the user may open the virtual host (connection.open): today, whether it has permissions there. */
    public boolean canAccessVhost(User user, String vhost) {
        return vhosts.containsKey(vhost) && users.permission(user.name(), vhost) != null;
    }

    public Users users() {
        return users;
    }

    /**
     * Closes every virtual host's message log, making what was appended durable. Call once no client can publish any
     * more (after the front ends stopped). Idempotent enough: closing a closed log does nothing.
     */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (VirtualHost vhost : vhosts.values()) {
            try {
                vhost.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void createDefaults() {
        createVhost(settings.defaultVhost());
        users.put(settings.defaultUser(), settings.defaultPassword(), Set.of("administrator"));
        users.setPermission(settings.defaultUser(), settings.defaultVhost(), Permission.ALL);
    }

    /** Rebuilds what the journal holds, without journaling it again. */
    private void restore(Definitions definitions) {
        int maxQueueId = 0;
        for (Definitions.QueueRecord queue : definitions.queues()) {
            maxQueueId = Math.max(maxQueueId, queue.id());
        }
        queueIds.set(maxQueueId);
        for (Definitions.VirtualHostRecord record : definitions.vhosts()) {
            vhostIds.set(Math.max(vhostIds.get(), record.id()));
            vhosts.put(record.name(), new VirtualHost(record.name(), record.id(), clock, storage, queueIds));
        }
        for (Definitions.UserRecord user : definitions.users()) {
            users.restore(user.name(), user.passwordHash(), user.tags());
        }
        for (Definitions.PermissionRecord permission : definitions.permissions()) {
            users.restorePermission(permission.user(), permission.vhost(), permission.permission());
        }
        for (VirtualHost vhost : vhosts.values()) {
            vhost.restore(definitions.exchangesOf(vhost.name()), definitions.queuesOf(vhost.name()),
                    definitions.bindingsOf(vhost.name()));
        }
    }
}
