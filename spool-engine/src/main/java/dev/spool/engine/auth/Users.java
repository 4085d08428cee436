package dev.spool.engine.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal user database: users, their password hashes ({@link Sha256PasswordHashing}) and their permissions per
 * virtual host. Thread-safe: entries are immutable and replaced atomically in a concurrent map; called by connection
 * negotiation on event-loop threads and by management.
 */
public final class Users {
    /** One user's stored state. Immutable. */
    private record Entry(User user, String passwordHash, Map<String, Permission> permissions) {
        Entry withPermissions(Map<String, Permission> newPermissions) {
            return new Entry(user, passwordHash, Map.copyOf(newPermissions));
        }
    }

    /** A hash no password matches, checked for unknown users so that they take as long as known ones. */
    private static final String NO_USER_HASH = Sha256PasswordHashing.hash("");

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Adds a user.
     *
     * @return the new user
     * @throws IllegalArgumentException when the name is taken
     */
    public User add(String name, String password, Set<String> tags) {
        User user = new User(name, tags);
        Entry entry = new Entry(user, Sha256PasswordHashing.hash(password), Map.of());
        if (entries.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("user '" + name + "' already exists");
        }
        return user;
    }

    /** Creates or replaces a user's password and tags, keeping its permissions. */
    public User put(String name, String password, Set<String> tags) {
        return putWithHash(name, Sha256PasswordHashing.hash(password), tags);
    }

    /**
     * Creates or replaces a user from an already hashed password (definitions import), keeping its permissions.
     *
     * @param passwordHash in {@link Sha256PasswordHashing}'s format
     */
    public User putWithHash(String name, String passwordHash, Set<String> tags) {
        User user = new User(name, tags);
        Objects.requireNonNull(passwordHash, "passwordHash");
        entries.compute(name, (n, old) -> new Entry(user, passwordHash, old == null ? Map.of() : old.permissions()));
        return user;
    }

    /** The user, or null. */
    public User get(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.user();
    }

    /** The stored password hash (definitions export), or null. */
    public String passwordHash(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.passwordHash();
    }

    /** Deletes a user; returns false if there was none. */
    public boolean delete(String name) {
        return entries.remove(name) != null;
    }

    /** All users, in no particular order. */
    public List<User> list() {
        List<User> users = new ArrayList<>();
        for (Entry entry : entries.values()) {
            users.add(entry.user());
        }
        return users;
    }

    /**
     * Checks a password in constant time (an unknown user costs the same as a wrong password).
     *
     * @return the user when the password matches, else null
     */
    public User check(String name, String password) {
        Entry entry = entries.get(name);
        boolean matches = Sha256PasswordHashing.matches(password, entry == null ? NO_USER_HASH : entry.passwordHash());
        return entry != null && matches ? entry.user() : null;
    }

    /**
     * Sets a user's permissions on a virtual host.
     *
     * @throws IllegalArgumentException for an unknown user
     */
    public void setPermission(String user, String vhost, Permission permission) {
        Objects.requireNonNull(permission, "permission");
        Entry updated = entries.computeIfPresent(user, (n, old) -> {
            Map<String, Permission> permissions = new HashMap<>(old.permissions());
            permissions.put(vhost, permission);
            return old.withPermissions(permissions);
        });
        if (updated == null) {
            throw new IllegalArgumentException("no user '" + user + "'");
        }
    }

    /** Removes a user's permissions on a virtual host. */
    public void clearPermission(String user, String vhost) {
        entries.computeIfPresent(user, (n, old) -> {
            Map<String, Permission> permissions = new HashMap<>(old.permissions());
            permissions.remove(vhost);
            return old.withPermissions(permissions);
        });
    }

    /** The user's permissions on a virtual host, or null when it has none. */
    public Permission permission(String user, String vhost) {
        Entry entry = entries.get(user);
        return entry == null ? null : entry.permissions().get(vhost);
    }
}
