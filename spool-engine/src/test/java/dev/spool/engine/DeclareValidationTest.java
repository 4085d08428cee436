package dev.spool.engine;

import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** queue.declare and exchange.declare check their arguments with RabbitMQ's rules and texts. */
class DeclareValidationTest {
    private static final String OWNER = "connection-1";

    private final VirtualHost vhost = new VirtualHost("/");

    @Test
    void aBadArgumentFailsTheDeclareWithRabbitMqsText() {
        assertThatThrownBy(() -> declare("q", Map.of("x-max-length", -1L)))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid arg 'x-max-length' for queue 'q' in vhost '/': {value_negative,-1}")
                .extracting(e -> ((EngineException) e).condition()).isEqualTo(ErrorCondition.PRECONDITION_FAILED);
        assertThat(vhost.findQueue("q")).isNull();
    }

    @Test
    void argumentsAreCheckedBeforeTheEquivalenceOfARedeclaration() {
        declare("q", Map.of("x-message-ttl", 1000L));

        assertThatThrownBy(() -> declare("q", Map.of("x-message-ttl", "soon")))
                .hasMessage("invalid arg 'x-message-ttl' for queue 'q' in vhost '/':"
                        + " \"expected integer, got longstr\"");
    }

    @Test
    void spoolsExtensionArgumentsAreValidatedAndComparedOnRedeclaration() {
        assertThatThrownBy(() -> declare("r", Map.of("x-retry-delays", List.of())))
                .hasMessage("invalid arg 'x-retry-delays' for queue 'r' in vhost '/': {value_empty,[]}");
        declare("r", Map.of("x-delivery-limit", 3L));

        assertThatThrownBy(() -> declare("r", Map.of("x-delivery-limit", 4L)))
                .hasMessage("inequivalent arg 'x-delivery-limit' for queue 'r' in vhost '/': received the value '4'"
                        + " of type 'long' but current is the value '3' of type 'long'");
        declare("r", Map.of("x-delivery-limit", 3));
    }

    @Test
    void aPassiveDeclareChecksNothing() {
        declare("q", Map.of());

        vhost.declareQueue("q", true, new QueueSettings(true, false, false, Map.of("x-max-length", -1L)), OWNER);
    }

    @Test
    void aNewExchangeNeedsAStringAlternateExchange() {
        assertThatThrownBy(() -> vhost.declareExchange("x", "direct", false, true, false, false,
                Map.of("alternate-exchange", 5)))
                .hasMessage("invalid type 'signedint' for arg 'alternate-exchange' in exchange 'x' in vhost '/'");
        assertThat(vhost.findExchange("x")).isNull();
    }

    private void declare(String name, Map<String, Object> arguments) {
        vhost.declareQueue(name, false, new QueueSettings(true, false, false, arguments), OWNER);
    }
}
