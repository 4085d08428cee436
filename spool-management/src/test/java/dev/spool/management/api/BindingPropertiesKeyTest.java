package dev.spool.management.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a binding is named in URLs, as RabbitMQ's {@code pack_binding_props} names it. */
class BindingPropertiesKeyTest {
    @Test
    void emptyRoutingKeyWithoutArgumentsIsATilde() {
        assertThat(BindingsApi.propertiesKey("", Map.of())).isEqualTo("~");
    }

    @Test
    void routingKeyWithoutArgumentsIsTheQuotedKey() {
        assertThat(BindingsApi.propertiesKey("order.created", Map.of())).isEqualTo("order.created");
        assertThat(BindingsApi.propertiesKey("a b~c", Map.of())).isEqualTo("a+b%7Ec");
    }

    @Test
    void argumentsAddATildeAndAStableHashThatDependsOnThem() {
        String one = BindingsApi.propertiesKey("k", Map.of("x-match", "any", "a", 1L));
        String same = BindingsApi.propertiesKey("k", Map.of("a", 1L, "x-match", "any"));
        String other = BindingsApi.propertiesKey("k", Map.of("x-match", "all", "a", 1L));

        assertThat(one).startsWith("k~").isEqualTo(same).isNotEqualTo(other);
    }
}
