package dev.spool.examples.signup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users who signed up, kept in memory (a real service has a database here). Threads: the HTTP server's
 * handler threads call it at once; an address can be taken only once.
 */
final class UserStore {

    /** A saved user. */
    record User(String id, String email, Instant createdAt) {
    }

    private final Map<String, User> byEmail = new ConcurrentHashMap<>();

    /** Saves a new user, or returns empty when the address has signed up already. */
    Optional<User> save(String email) {
        User user = new User(UUID.randomUUID().toString(), email, Instant.now());
        return byEmail.putIfAbsent(email, user) == null ? Optional.of(user) : Optional.empty();
    }

    /** Undoes {@link #save} when the welcome email could not be queued, so the client can try again. */
    void remove(User user) {
        byEmail.remove(user.email(), user);
    }

    int size() {
        return byEmail.size();
    }
}
