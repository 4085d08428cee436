package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Topic exchanges: one routing key published against a table of binding patterns, and exactly the patterns RabbitMQ
 * matches receive it. {@code *} is exactly one word, {@code #} zero or more.
 */
class TopicRoutingTest {
    private static final List<String> PATTERNS = List.of(
            "a.b.c", "a.*.c", "a.#", "#", "a.b.#", "#.c", "a.#.c", "*.*.*", "*", "a.*", "*.b.*", "#.b.#",
            "a.b.c.#", "a.b", "b.#", "#.#", "a.*.#", "*.#.c");

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    static Stream<Arguments> keysAndTheirMatchingPatterns() {
        return Stream.of(
                Arguments.of("a.b.c", List.of("a.b.c", "a.*.c", "a.#", "#", "a.b.#", "#.c", "a.#.c", "*.*.*",
                        "*.b.*", "#.b.#", "a.b.c.#", "#.#", "a.*.#", "*.#.c")),
                Arguments.of("a.b", List.of("a.#", "#", "a.b.#", "a.*", "#.b.#", "a.b", "#.#", "a.*.#")),
                Arguments.of("a", List.of("a.#", "#", "*", "#.#")),
                Arguments.of("a.c", List.of("a.#", "#", "#.c", "a.#.c", "a.*", "#.#", "a.*.#", "*.#.c")),
                Arguments.of("a.x.y.c", List.of("a.#", "#", "#.c", "a.#.c", "#.#", "a.*.#", "*.#.c")),
                Arguments.of("b.b.b", List.of("#", "*.*.*", "*.b.*", "#.b.#", "b.#", "#.#")),
                Arguments.of("c", List.of("#", "#.c", "*", "#.#")),
                Arguments.of("a.b.c.d", List.of("a.#", "#", "a.b.#", "#.b.#", "a.b.c.#", "#.#", "a.*.#")),
                Arguments.of("x.y.z.w", List.of("#", "#.#")),
                Arguments.of("A.B.C", List.of("#", "*.*.*", "#.#")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysAndTheirMatchingPatterns")
    void routingKeyReachesExactlyTheQueuesWhosePatternMatches(String routingKey, List<String> expected)
            throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("topic");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC);
        Map<String, String> queueByPattern = new LinkedHashMap<>();
        for (String pattern : PATTERNS) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, pattern);
            queueByPattern.put(pattern, queue);
        }

        channel.basicPublish(exchange, routingKey, null, new byte[] {1});

        List<String> matched = new ArrayList<>();
        for (Map.Entry<String, String> entry : queueByPattern.entrySet()) {
            int count = channel.queueDeclarePassive(entry.getValue()).getMessageCount();
            assertThat(count).as("copies in the queue bound with '%s'", entry.getKey()).isLessThanOrEqualTo(1);
            if (count == 1) {
                matched.add(entry.getKey());
            }
        }
        assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
    }
}
