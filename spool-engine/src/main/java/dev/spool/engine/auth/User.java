package dev.spool.engine.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated user as the rest of the broker sees it: a name and its tags ({@code administrator},
 * {@code management}, ...). Immutable.
 *
 * @param name the username
 * @param tags the user's tags (never null)
 */
public record User(String name, Set<String> tags) {
    public User {
        Objects.requireNonNull(name, "name");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
}
