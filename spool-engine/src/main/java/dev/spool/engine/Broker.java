package dev.spool.engine;

import dev.spool.engine.auth.AccessControl;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermissions;
import dev.spool.engine.auth.User;
import dev.spool.engine.auth.Users;
import dev.spool.engine.client.ClientConnection;
import dev.spool.engine.client.ClientRegistry;
import dev.spool.engine.policy.Policies;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.limits.Limits;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's root: virtual hosts and users. Created once at start from the settings; front ends and management
 * reach everything through it. Thread-safe.
 */
public final class Broker {
    private final BrokerSettings settings;
    private final Clock clock;
    private final Users users = new Users();
    private final ConcurrentHashMap<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, VhostMetadata> vhostMetadata = new ConcurrentHashMap<>();
    private final ClientRegistry clients = new ClientRegistry();
    private final Policies policies = new Policies();

    private final TopicPermissions topicPermissions = new TopicPermissions();
    private final Limits limits = new Limits();

    /** Creates the default virtual host and the default user with every permission on it, on the system clock. */
    public Broker(BrokerSettings settings) {
        this(settings, Clock.system());
    }

    public Broker(BrokerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        createVhost(settings.defaultVhost());
        users.put(settings.defaultUser(), settings.defaultPassword(), Set.of("administrator"));
        users.setPermission(settings.defaultUser(), settings.defaultVhost(), Permission.ALL);
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

    /** Creates a virtual host, or returns the existing one. */
    public VirtualHost createVhost(String name) {
        return vhosts.computeIfAbsent(name, n -> new VirtualHost(n, clock));
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

    /** The stored policies. */
    public Policies policies() {
        return policies;
    }

    /** Creates a virtual host, or updates the metadata of an existing one. */
    public VirtualHost createVhost(String name, VhostMetadata metadata) {
        VirtualHost vhost = createVhost(name);
        vhostMetadata.put(name, Objects.requireNonNull(metadata, "metadata"));
        return vhost;
    }

    /** A virtual host's metadata ({@link VhostMetadata#NONE} when none was given). */
    public VhostMetadata vhostMetadata(String name) {
        return vhostMetadata.getOrDefault(name, VhostMetadata.NONE);
    }

    /**
     * Deletes a virtual host as RabbitMQ does: its client connections are closed (320 CONNECTION_FORCED), its queues
     * deleted (consumers cancelled, messages dropped), its permissions and policies forgotten.
     *
     * @return false when there was no such virtual host
     */
    public boolean deleteVhost(String name) {
        VirtualHost vhost = vhosts.remove(name);
        if (vhost == null) {
            return false;
        }
        vhostMetadata.remove(name);
        for (ClientConnection connection : clients.connections()) {
            if (connection.vhost().equals(name)) {
                connection.close("vhost '" + name + "' is deleted");
            }
        }
        for (Queue queue : vhost.queues()) {
            vhost.deleteQueue(queue.name(), false, false, queue.exclusiveOwner());
        }
        for (User user : users.list()) {
            users.clearPermission(user.name(), name);
        }
        policies.vhostDeleted(name);
        clients.vhostDeleted(name);
        return true;
    }
}
