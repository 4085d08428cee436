package dev.spool.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers exchanges: x-match all / any (binding arguments starting with "x-" are not matched) and any-with-x /
 * all-with-x (they are), a missing x-match meaning all.
 */
class HeadersRoutingTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    static Stream<Arguments> bindingsMessagesAndWhetherTheyMatch() {
        Map<String, Object> pdfReport = Map.of("format", "pdf", "type", "report");
        return Stream.of(
                Arguments.of("all: every header present and equal", withMatch("all", pdfReport), pdfReport, true),
                Arguments.of("all: extra message headers do not matter", withMatch("all", pdfReport),
                        Map.of("format", "pdf", "type", "report", "size", 10), true),
                Arguments.of("all: one header missing", withMatch("all", pdfReport), Map.of("format", "pdf"), false),
                Arguments.of("all: one value differs", withMatch("all", pdfReport),
                        Map.of("format", "zip", "type", "report"), false),
                Arguments.of("no x-match means all", pdfReport, Map.of("format", "pdf"), false),
                Arguments.of("no x-match means all, all present", pdfReport, pdfReport, true),
                Arguments.of("any: one header equal", withMatch("any", pdfReport), Map.of("type", "report"), true),
                Arguments.of("any: none equal", withMatch("any", pdfReport),
                        Map.of("format", "zip", "type", "log"), false),
                Arguments.of("any: no headers at all", withMatch("any", pdfReport), Map.of(), false),
                Arguments.of("integer values compare by value", withMatch("all", Map.of("level", 3)),
                        Map.of("level", 3), true),
                Arguments.of("any ignores x- arguments", withMatch("any", Map.of("x-tenant", "blue")),
                        Map.of("x-tenant", "blue"), false),
                Arguments.of("any-with-x matches x- arguments", withMatch("any-with-x", Map.of("x-tenant", "blue")),
                        Map.of("x-tenant", "blue"), true),
                Arguments.of("any-with-x: x- value differs", withMatch("any-with-x", Map.of("x-tenant", "blue")),
                        Map.of("x-tenant", "red"), false),
                Arguments.of("all-with-x needs the x- header too",
                        withMatch("all-with-x", Map.of("x-tenant", "blue", "format", "pdf")),
                        Map.of("format", "pdf"), false),
                Arguments.of("all-with-x with every header",
                        withMatch("all-with-x", Map.of("x-tenant", "blue", "format", "pdf")),
                        Map.of("format", "pdf", "x-tenant", "blue"), true),
                Arguments.of("all ignores x- arguments", withMatch("all", Map.of("x-tenant", "blue", "format", "pdf")),
                        Map.of("format", "pdf"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindingsMessagesAndWhetherTheyMatch")
    void messageReachesTheQueueOnlyWhenItsHeadersMatchTheBinding(String description, Map<String, Object> binding,
            Map<String, Object> headers, boolean matches) throws Exception {
        Channel channel = broker.newChannel();
        String exchange = broker.uniqueName("headers");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.HEADERS);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "", binding);

        channel.basicPublish(exchange, "", new AMQP.BasicProperties.Builder().headers(headers).build(),
                new byte[] {1});

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(matches ? 1 : 0);
    }

    private static Map<String, Object> withMatch(String match, Map<String, Object> arguments) {
        Map<String, Object> binding = new HashMap<>(arguments);
        binding.put("x-match", match);
        return binding;
    }
}
