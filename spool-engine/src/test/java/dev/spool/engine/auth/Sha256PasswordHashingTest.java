package dev.spool.engine.auth;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256PasswordHashingTest {
    /** The worked example of RabbitMQ's passwords guide: salt 908DC60A, password "test12". */
    private static final String RABBITMQ_EXAMPLE = "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR";

    @Test
    void hashesExactlyLikeRabbitMq() {
        byte[] salt = HexFormat.of().parseHex("908DC60A");
        assertThat(Sha256PasswordHashing.hash(salt, "test12")).isEqualTo(RABBITMQ_EXAMPLE);
    }

    @Test
    void acceptsTheRightPasswordForARabbitMqHash() {
        assertThat(Sha256PasswordHashing.matches("test12", RABBITMQ_EXAMPLE)).isTrue();
        assertThat(Sha256PasswordHashing.matches("test13", RABBITMQ_EXAMPLE)).isFalse();
    }

    @Test
    void freshHashesUseRandomSaltsAndStillMatch() {
        String first = Sha256PasswordHashing.hash("secret");
        String second = Sha256PasswordHashing.hash("secret");
        assertThat(first).isNotEqualTo(second);
        assertThat(Sha256PasswordHashing.matches("secret", first)).isTrue();
        assertThat(Sha256PasswordHashing.matches("secret", second)).isTrue();
    }

    @Test
    void malformedHashesMatchNothing() {
        assertThat(Sha256PasswordHashing.matches("x", "not base64!")).isFalse();
        assertThat(Sha256PasswordHashing.matches("x", "c2hvcnQ=")).isFalse();
    }

    @Test
    void passwordsAreHashedAsUtf8() {
        String hash = Sha256PasswordHashing.hash(new byte[] {1, 2, 3, 4}, "pässwörd");
        assertThat(Sha256PasswordHashing.matches("pässwörd", hash)).isTrue();
        assertThat(Sha256PasswordHashing.matches("passwort", hash)).isFalse();
    }
}
