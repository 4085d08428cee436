package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.engine.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRewriteTest {
    private final AmqpMessageFormat format = AmqpMessageFormat.INSTANCE;

    @Test
    void putsAndRemovesHeadersDropsExpirationAndKeepsTheRest() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("content_type", "text/plain");
        properties.put("expiration", "5000");
        properties.put("delivery_mode", 2);
        properties.put("headers", Map.of("keep", "me", "drop", "me", "CC", List.of("cc-key")));
        Message original = format.create("orders", "new", properties, "body".getBytes(StandardCharsets.UTF_8), 1);

        Map<String, Object> changes = new HashMap<>();
        changes.put("drop", null);
        changes.put("x-first-death-reason", "expired");
        changes.put("count", 3L);
        Message rewritten = format.rewrite(original, "dlx", "dead", changes, true, 2);

        assertThat(rewritten.exchange()).isEqualTo("dlx");
        assertThat(rewritten.routingKey()).isEqualTo("dead");
        assertThat(rewritten.body()).isEqualTo(original.body());
        assertThat(rewritten.persistent()).isTrue();
        assertThat(rewritten.publishedAtMillis()).isEqualTo(2);
        assertThat(rewritten.extraRoutingKeys()).containsExactly("cc-key");
        Map<String, Object> after = format.properties(rewritten);
        assertThat(after).doesNotContainKey("expiration").containsEntry("content_type", "text/plain");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) after.get("headers");
        assertThat(headers).containsEntry("keep", "me").containsEntry("x-first-death-reason", "expired")
                .containsEntry("count", 3L).doesNotContainKey("drop");
    }

    @Test
    void withoutChangesTheMessageIsTheSame() {
        Message original = format.create("", "q", Map.of("expiration", "10"), new byte[] {1, 2}, 1);
        Message copy = format.rewrite(original, "", "q", Map.of(), false, 1);
        assertThat(copy.properties()).isEqualTo(original.properties());
    }
}
