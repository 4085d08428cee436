package dev.spool.engine;

import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermissionJournal;
import dev.spool.engine.auth.TopicPermissions;
import dev.spool.engine.auth.User;
import dev.spool.engine.auth.UserJournal;
import dev.spool.engine.auth.Users;
import dev.spool.engine.client.ClientConnection;
import dev.spool.engine.client.ClientRegistry;
import dev.spool.engine.durable.BrokerStorage;
import dev.spool.engine.durable.Definitions;
import dev.spool.engine.limits.Limits;
import dev.spool.engine.limits.LimitsJournal;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;
import dev.spool.engine.policy.ApplyTo;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.queue.Queue;

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
    private final ConcurrentHashMap<String, VhostMetadata> vhostMetadata = new ConcurrentHashMap<>();
    private final ClientRegistry clients = new ClientRegistry();
    private final TopicPermissions topicPermissions;
    private final Limits limits;
    private final AtomicInteger vhostIds = new AtomicInteger();
    private final AtomicInteger queueIds = new AtomicInteger();
    /** The consumer timeout of queues that set none, in ms, or {@link EffectiveQueueSettings#NONE}. */
    private volatile long defaultConsumerTimeout;

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
        this.defaultConsumerTimeout = settings.defaultConsumerTimeout();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = storage;
        this.users = new Users(storage == null ? UserJournal.NONE : storage.journal());
        this.topicPermissions = new TopicPermissions(storage == null ? TopicPermissionJournal.NONE
                : storage.journal());
        this.limits = new Limits(storage == null ? LimitsJournal.NONE : storage.journal());
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

    /**
     * Tells the engine how messages are encoded, so that it can build the messages it routes itself (dead letters,
     * delayed and retried messages). The server calls it once, before recovery schedules anything and before clients
     * connect; a broker without one drops what it would have had to rewrite.
     */
    public static void useMessageFormat(MessageFormat format) {
        MessageFormats.use(format);
    }

    /** Timers on the broker's clock (a {@link ManualTime} fires its own). */
    public Timers timers() {
        return Timers.of(clock);
    }

    /**
     * Sets the broker's consumer timeout (the {@code consumer_timeout} setting): queues whose arguments and policies
     * set none resolve to it. Re-resolves every queue; virtual hosts created later start with it.
     *
     * @param millis the timeout in ms, or {@link EffectiveQueueSettings#NONE} for none
     */
    public void useDefaultConsumerTimeout(long millis) {
        defaultConsumerTimeout = millis;
        for (VirtualHost vhost : vhosts.values()) {
            vhost.policies().useDefaultConsumerTimeout(millis);
        }
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
        VirtualHost vhost = new VirtualHost(name, id, clock, storage, queueIds, defaultConsumerTimeout);
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
        if (password.isEmpty()) {
            // RabbitMQ's internal backend refuses blank passwords outright: EXTERNAL is the way to log in without one
            throw EngineException.accessRefused("user '" + username + "' attempted to log in with a blank password,"
                    + " which is prohibited by the internal authN backend");
        }
        User user = users.check(username, password);
        if (user == null) {
            throw EngineException.accessRefused("user '" + username + "' - invalid credentials");
        }
        if (!fromLoopback && settings.loopbackUsers().contains(username)) {
            throw EngineException.accessRefused("user '" + username + "' can only connect via localhost");
        }
        return user;
    }

    /**
     * Checks a login whose identity a client certificate has proven (SASL EXTERNAL): the user must exist, no password
     * is checked, and the loopback restriction applies as for any login.
     *
     * @return the user
     * @throws EngineException ACCESS_REFUSED for an unknown user ({@code user 'x' - invalid credentials}) and for a
     *                         loopback-only user connecting from elsewhere
     */
    public User authenticateByCertificate(String username, boolean fromLoopback) {
        User user = users.get(username);
        if (user == null) {
            throw EngineException.accessRefused("user '" + username + "' - invalid credentials");
        }
        if (!fromLoopback && settings.loopbackUsers().contains(username)) {
            throw EngineException.accessRefused("user '" + username + "' can only connect via localhost");
        }
        return user;
    }

    /** The permission checks for {@code user} in {@code vhost}: one per connection (see {@link AccessControl}). */
    public AccessControl accessControl(User user, String vhost) {
        return new AccessControl(users, topicPermissions, user.name(), vhost);
    }

    /** Every user's topic permissions. */
    public TopicPermissions topicPermissions() {
        return topicPermissions;
    }

    /** The per-virtual-host and per-user limits, and the counts they are checked against. */
    public Limits limits() {
        return limits;
    }

    /**
     * Deletes a user with its permissions, topic permissions and own limits (journaled on a durable broker).
     *
     * @return false when there was no such user
     */
    public boolean deleteUser(String name) {
        if (!users.delete(name)) {
            return false;
        }
        topicPermissions.clearUser(name);
        limits.clearUserLimits(name);
        return true;
    }

    /** Whether the user may open the virtual host (connection.open): today, whether it has permissions there. */
    public boolean canAccessVhost(User user, String vhost) {
        return vhosts.containsKey(vhost) && users.permission(user.name(), vhost) != null;
    }

    public Users users() {
        return users;
    }

    /** The open client connections and channels, and the message totals. */
    public ClientRegistry clients() {
        return clients;
    }

    /**
     * Creates a virtual host, or updates the metadata of an existing one. On a durable broker the metadata is
     * journaled too.
     */
    public VirtualHost createVhost(String name, VhostMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        VirtualHost vhost = createVhost(name);
        synchronized (this) { // keeps the journal in the order of the changes, and after the vhost's own record
            if (vhosts.get(name) != vhost) {
                return vhost; // deleted meanwhile
            }
            if (storage != null) {
                storage.journal().putVhostMetadata(name, metadata);
            }
            vhostMetadata.put(name, metadata);
        }
        return vhost;
    }

    /** A virtual host's metadata ({@link VhostMetadata#NONE} when none was given). */
    public VhostMetadata vhostMetadata(String name) {
        return vhostMetadata.getOrDefault(name, VhostMetadata.NONE);
    }

    /**
     * Deletes a virtual host as RabbitMQ does: its client connections are closed (320 CONNECTION_FORCED), its queues
     * deleted (consumers cancelled, messages dropped), its permissions and policies forgotten. On a durable broker its
     * journal records go too (virtual host, exchanges, queues, bindings, permissions) and its message log is closed.
     *
     * @return false when there was no such virtual host
     */
    public boolean deleteVhost(String name) {
        VirtualHost vhost;
        synchronized (this) { // keeps the journal in the order of createVhost's puts
            vhost = vhosts.get(name);
            if (vhost == null) {
                return false;
            }
            if (storage != null) {
                storage.journal().deleteVhost(name);
                if (vhostMetadata.containsKey(name)) {
                    storage.journal().deleteVhostMetadata(name);
                }
            }
            vhosts.remove(name);
            vhostMetadata.remove(name);
        }
        limits.clearVhostLimits(name);
        topicPermissions.clearVhost(name);
        for (ClientConnection connection : clients.connections()) {
            if (connection.vhost().equals(name)) {
                connection.close("vhost '" + name + "' is deleted");
            }
        }
        for (Queue queue : vhost.queues()) {
            vhost.deleteQueue(queue.name(), false, false, queue.exclusiveOwner());
        }
        try {
            vhost.delete();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the message log of vhost '" + name + "'", e);
        }
        for (User user : users.list()) {
            users.clearPermission(user.name(), name);
        }
        clients.vhostDeleted(name);
        return true;
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
            vhosts.put(record.name(), new VirtualHost(record.name(), record.id(), clock, storage, queueIds,
                    defaultConsumerTimeout));
        }
        for (Definitions.UserRecord user : definitions.users()) {
            users.restore(user.name(), user.passwordHash(), user.tags());
        }
        for (Definitions.PermissionRecord permission : definitions.permissions()) {
            users.restorePermission(permission.user(), permission.vhost(), permission.permission());
        }
        restoreSettings(definitions);
        for (VirtualHost vhost : vhosts.values()) {
            vhost.restore(definitions.exchangesOf(vhost.name()), definitions.queuesOf(vhost.name()),
                    definitions.bindingsOf(vhost.name()));
        }
    }

    /** Restores policies, topic permissions, limits and metadata: before the queues, which resolve the policies. */
    private void restoreSettings(Definitions definitions) {
        for (Definitions.PolicyRecord record : definitions.policies()) {
            VirtualHost vhost = vhosts.get(record.vhost());
            if (vhost == null) {
                continue;
            }
            try {
                ApplyTo applyTo = ApplyTo.parse(record.applyTo());
                vhost.restorePolicy(record.operator()
                        ? CompiledPolicy.operator(record.vhost(), record.name(), record.pattern(), applyTo,
                                record.priority(), record.definition())
                        : CompiledPolicy.of(record.vhost(), record.name(), record.pattern(), applyTo,
                                record.priority(), record.definition()));
            } catch (EngineException e) {
                // validated when it was put; a later version may be stricter: the broker starts without it
            }
        }
        for (Definitions.TopicPermissionRecord record : definitions.topicPermissions()) {
            topicPermissions.restore(record.user(), record.vhost(), record.permission());
        }
        for (Definitions.VhostLimitsRecord record : definitions.vhostLimits()) {
            limits.restoreVhostLimits(record.vhost(), record.limits());
        }
        for (Definitions.UserLimitsRecord record : definitions.userLimits()) {
            limits.restoreUserLimits(record.user(), record.limits());
        }
        for (Definitions.VhostMetadataRecord record : definitions.vhostMetadata()) {
            vhostMetadata.put(record.vhost(), record.metadata());
        }
    }
}
