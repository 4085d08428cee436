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
 * virtual host. Every change is told to a {@link UserJournal} first, so that a durable broker keeps it.
 *
 * <p>Thread-safe: entries are immutable and replaced in a concurrent map, so logins (connection negotiation on
 * event-loop threads) read without locking; changes (management, startup) serialize on this object's monitor, which
 * keeps the journal in the same order as the map.
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
    private final UserJournal journal;

    /** A user database kept in memory only. */
    public Users() {
        this(UserJournal.NONE);
    }

    /** A user database that records every change in {@code journal} before making it. */
    public Users(UserJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Adds a user.
     *
     * @return the new user
     * @throws IllegalArgumentException when the name is taken
     */
    public synchronized User add(String name, String password, Set<String> tags) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("user '" + name + "' already exists");
        }
        return putWithHash(name, Sha256PasswordHashing.hash(password), tags);
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
    public synchronized User putWithHash(String name, String passwordHash, Set<String> tags) {
        User user = new User(name, tags);
        Objects.requireNonNull(passwordHash, "passwordHash");
        journal.putUser(name, passwordHash, user.tags());
        Entry old = entries.get(name);
        entries.put(name, new Entry(user, passwordHash, old == null ? Map.of() : old.permissions()));
        return user;
    }

    /** Puts a user read back from the journal at start, without journaling it again. */
    public synchronized void restore(String name, String passwordHash, Set<String> tags) {
        Entry old = entries.get(name);
        entries.put(name, new Entry(new User(name, tags), passwordHash, old == null ? Map.of() : old.permissions()));
    }

    /** Puts a permission read back from the journal at start, without journaling it again; ignored for no user. */
    public synchronized void restorePermission(String user, String vhost, Permission permission) {
        Entry old = entries.get(user);
        if (old != null) {
            Map<String, Permission> permissions = new HashMap<>(old.permissions());
            permissions.put(vhost, permission);
            entries.put(user, old.withPermissions(permissions));
        }
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

    /** Deletes a user and its permissions; returns false if there was none. */
    public synchronized boolean delete(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return false;
        }
        for (String vhost : entry.permissions().keySet()) {
            journal.deletePermission(name, vhost);
        }
        journal.deleteUser(name);
        entries.remove(name);
        return true;
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
    public synchronized void setPermission(String user, String vhost, Permission permission) {
        Objects.requireNonNull(permission, "permission");
        Entry old = entries.get(user);
        if (old == null) {
            throw new IllegalArgumentException("no user '" + user + "'");
        }
        journal.putPermission(user, vhost, permission);
        Map<String, Permission> permissions = new HashMap<>(old.permissions());
        permissions.put(vhost, permission);
        entries.put(user, old.withPermissions(permissions));
    }

    /** Removes a user's permissions on a virtual host. */
    public synchronized void clearPermission(String user, String vhost) {
        Entry old = entries.get(user);
        if (old == null || !old.permissions().containsKey(vhost)) {
            return;
        }
        journal.deletePermission(user, vhost);
        Map<String, Permission> permissions = new HashMap<>(old.permissions());
        permissions.remove(vhost);
        entries.put(user, old.withPermissions(permissions));
    }

    /** The user's permissions on a virtual host, or null when it has none. */
    public Permission permission(String user, String vhost) {
        Entry entry = entries.get(user);
        return entry == null ? null : entry.permissions().get(vhost);
    }
}
