package dev.spool.engine.policy;

import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThatCode;

class QueueArgumentsTest {

    static Stream<Arguments> invalidDeclareArguments() {
        return Stream.of(
                Arguments.of("x-max-length", -1, "{value_negative,-1}"),
                Arguments.of("x-max-length", "10", "\"expected integer, got longstr\""),
                Arguments.of("x-max-length-bytes", 1.5, "\"expected integer, got double\""),
                Arguments.of("x-message-ttl", -5L, "{value_negative,-5}"),
                Arguments.of("x-message-ttl", 4_294_967_296L, "{value_too_big,4294967296}"),
                Arguments.of("x-expires", 0, "{value_zero,0}"),
                Arguments.of("x-expires", true, "\"expected integer, got bool\""),
                Arguments.of("x-max-priority", 256, "{max_value_exceeded,256}"),
                Arguments.of("x-max-priority", -3, "{value_negative,-3}"),
                Arguments.of("x-overflow", "drop-tail", "invalid_overflow"),
                Arguments.of("x-overflow", 1, "{unacceptable_type,signedint}"),
                Arguments.of("x-dead-letter-exchange", 5L, "{unacceptable_type,long}"),
                Arguments.of("x-queue-mode", "turbo", "\"unsupported queue mode 'turbo'\""),
                Arguments.of("x-queue-version", 3, "\"unsupported queue version '3'\""),
                Arguments.of("x-single-active-consumer", "yes", "{unacceptable_type,longstr}"),
                Arguments.of("x-queue-type", "fancy", "\"unsupported queue type 'fancy'\""),
                Arguments.of("x-delivery-limit", -1, "{value_negative,-1}"),
                Arguments.of("x-consumer-timeout", "1s", "\"expected integer, got longstr\""),
                Arguments.of("x-retry-delays", "1000", "{unacceptable_type,longstr}"),
                Arguments.of("x-retry-delays", List.of(), "{value_empty,[]}"),
                Arguments.of("x-retry-delays", List.of(1000, -1), "{value_negative,-1}"),
                Arguments.of("x-message-deduplication", 1, "{unacceptable_type,signedint}"),
                Arguments.of("x-cache-size", 0, "{value_zero,0}"),
                Arguments.of("x-deduplication-header", 7, "{unacceptable_type,signedint}"),
                Arguments.of("x-delay", -10, "{value_negative,-10}"));
    }

    @ParameterizedTest
    @MethodSource("invalidDeclareArguments")
    void anInvalidArgumentFailsTheDeclareWithRabbitMqsText(String key, Object value, String why) {
        assertFails(() -> QueueArguments.checkDeclare("/", "q", Map.of(key, value)),
                ErrorCondition.PRECONDITION_FAILED, "invalid arg '" + key + "' for queue 'q' in vhost '/': " + why);
    }

    @Test
    void aDeadLetterRoutingKeyWithoutADeadLetterExchangeIsRefused() {
        assertFails(() -> QueueArguments.checkDeclare("v", "q", Map.of("x-dead-letter-routing-key", "rk")),
                ErrorCondition.PRECONDITION_FAILED,
                "invalid arg 'x-dead-letter-routing-key' for queue 'q' in vhost 'v': routing_key_but_no_dlx_defined");
    }

    @Test
    void theFirstFailureInRabbitMqsCheckOrderIsReported() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-max-length", -1);
        arguments.put("x-expires", 0);

        assertFails(() -> QueueArguments.checkDeclare("/", "q", arguments), ErrorCondition.PRECONDITION_FAILED,
                "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}");
    }

    @Test
    void validAndUnknownArgumentsPass() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-message-ttl", 0);
        arguments.put("x-expires", 1);
        arguments.put("x-max-length", 0L);
        arguments.put("x-max-priority", (byte) 10);
        arguments.put("x-overflow", "reject-publish-dlx");
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", "dead");
        arguments.put("x-queue-mode", "lazy");
        arguments.put("x-queue-version", 2);
        arguments.put("x-queue-type", "classic");
        arguments.put("x-single-active-consumer", true);
        arguments.put("x-delivery-limit", 5);
        arguments.put("x-consumer-timeout", 0);
        arguments.put("x-retry-delays", List.of(1000, 5000L));
        arguments.put("x-message-deduplication", true);
        arguments.put("x-cache-size", 1000);
        arguments.put("x-cache-ttl", 60_000);
        arguments.put("x-deduplication-header", "order-id");
        arguments.put("x-delay", 250);
        arguments.put("x-group-header", "customer");
        arguments.put("x-something-else", new Object());

        assertThatCode(() -> QueueArguments.checkDeclare("/", "q", arguments)).doesNotThrowAnyException();
    }

    @Test
    void aNonIntegerConsumerPriorityIsRefused() {
        assertFails(() -> QueueArguments.checkConsume("/", "q", Map.of("x-priority", "high")),
                ErrorCondition.PRECONDITION_FAILED,
                "invalid arg 'x-priority' for queue 'q' in vhost '/': \"expected integer, got longstr\"");
        assertThatCode(() -> QueueArguments.checkConsume("/", "q", Map.of("x-priority", -5)))
                .doesNotThrowAnyException();
    }
}
