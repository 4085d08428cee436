package dev.spool.engine.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersTest {
    private final Users users = new Users();

    @Test
    void addedUserChecksWithItsPasswordOnly() {
        users.add("alice", "s3cret", Set.of("management"));
        assertThat(users.check("alice", "s3cret")).isEqualTo(new User("alice", Set.of("management")));
        assertThat(users.check("alice", "wrong")).isNull();
        assertThat(users.check("bob", "s3cret")).isNull();
    }

    @Test
    void addingATakenNameFails() {
        users.add("alice", "a", Set.of());
        assertThatThrownBy(() -> users.add("alice", "b", Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putReplacesPasswordAndTagsButKeepsPermissions() {
        users.add("alice", "old", Set.of());
        users.setPermission("alice", "/", Permission.ALL);
        users.put("alice", "new", Set.of("administrator"));
        assertThat(users.check("alice", "old")).isNull();
        assertThat(users.check("alice", "new").tags()).containsExactly("administrator");
        assertThat(users.permission("alice", "/")).isEqualTo(Permission.ALL);
    }

    @Test
    void storedHashIsRabbitMqsFormatAndCanBeImported() {
        users.putWithHash("imported", "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR", Set.of());
        assertThat(users.check("imported", "test12")).isNotNull();
        assertThat(users.passwordHash("imported")).isEqualTo("kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR");
    }

    @Test
    void deleteRemovesTheUser() {
        users.add("alice", "a", Set.of());
        assertThat(users.delete("alice")).isTrue();
        assertThat(users.get("alice")).isNull();
        assertThat(users.delete("alice")).isFalse();
    }

    @Test
    void permissionsArePerVhost() {
        users.add("alice", "a", Set.of());
        users.setPermission("alice", "/", new Permission("^a", ".*", ""));
        assertThat(users.permission("alice", "/").configure()).isEqualTo("^a");
        assertThat(users.permission("alice", "other")).isNull();
        users.clearPermission("alice", "/");
        assertThat(users.permission("alice", "/")).isNull();
        assertThatThrownBy(() -> users.setPermission("nobody", "/", Permission.ALL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
