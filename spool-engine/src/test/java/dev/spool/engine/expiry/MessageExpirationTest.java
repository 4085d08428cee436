package dev.spool.engine.expiry;

import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class MessageExpirationTest {

    @Test
    void theExpirationPropertyIsATtlInMilliseconds() {
        assertThat(MessageExpiration.parseTtl("60000")).isEqualTo(60_000);
        assertThat(MessageExpiration.parseTtl("0")).isZero();
        assertThat(MessageExpiration.parseTtl("+5")).isEqualTo(5);
        assertThat(MessageExpiration.parseTtl("007")).isEqualTo(7);
        assertThat(MessageExpiration.parseTtl("4294967295")).isEqualTo(4_294_967_295L);
        assertThat(MessageExpiration.parseTtl(null)).isEqualTo(MessageExpiration.NO_TTL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc|no_integer",
        "''|no_integer",
        "' 5'|no_integer",
        "-1|{value_negative,-1}",
        "4294967296|{value_too_big,4294967296}",
        "99999999999999999999999|{value_too_big,99999999999999999999999}",
        "5.5|{leftover_string,\".5\"}",
        "10s|{leftover_string,\"s\"}"
    })
    void aBadExpirationClosesTheChannelWithRabbitMqsText(String expiration, String why) {
        assertFails(() -> MessageExpiration.parseTtl(expiration), ErrorCondition.PRECONDITION_FAILED,
                "invalid expiration '" + expiration + "': " + why);
    }

    @Test
    void theLowerOfMessageTtlAndQueueTtlAppliesFromWhenTheQueueReceivedIt() {
        assertThat(MessageExpiration.expiresAt(1_000, 500, 2_000)).isEqualTo(1_500);
        assertThat(MessageExpiration.expiresAt(1_000, 5_000, 2_000)).isEqualTo(3_000);
        assertThat(MessageExpiration.expiresAt(1_000, MessageExpiration.NO_TTL, 2_000)).isEqualTo(3_000);
        assertThat(MessageExpiration.expiresAt(1_000, 0, -1)).isEqualTo(1_000);
        assertThat(MessageExpiration.expiresAt(1_000, MessageExpiration.NO_TTL, -1))
                .isEqualTo(MessageExpiration.NEVER);
    }
}
