package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/definitions}: a RabbitMQ 3.13 export (checked into test resources) loads into Spool and works, and
 * Spool's own export imported into a fresh broker exports the same again.
 */
class DefinitionsTest {
    @RegisterExtension
    static final RunningBroker source = RunningBroker.withDefaults();

    @RegisterExtension
    static final RunningBroker target = RunningBroker.withDefaults();

    private static String rabbitMqExport() throws IOException {
        try (InputStream in = DefinitionsTest.class.getResourceAsStream("/definitions/rabbitmq-3.13-export.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rabbitMqExportLoadsWithItsUsersPermissionsPoliciesAndTopology() throws Exception {
        ManagementHttp api = new ManagementHttp(source.httpUrl(), "guest", "guest");

        ManagementHttp.Reply imported = api.post("/api/definitions", rabbitMqExport());

        assertThat(imported.status()).as(imported.toString()).isEqualTo(204);
        JsonNode shop = api.get("/api/vhosts/shop").json();
        assertThat(shop.get("description").asText()).isEqualTo("Orders and billing");
        assertThat(shop.get("tags")).extracting(JsonNode::asText).containsExactly("production", "team-checkout");
        JsonNode ops = api.as("ops", "ops-secret").get("/api/whoami").json();
        assertThat(ops.get("tags")).extracting(JsonNode::asText).containsExactly("monitoring", "policymaker");
        assertThat(api.get("/api/permissions/shop/orders-app").json().get("write").asText())
                .isEqualTo("^(orders\\..*|billing)$");
        assertThat(api.get("/api/policies/shop/orders-ttl").json().at("/definition/message-ttl").asLong())
                .isEqualTo(86400000L);
        assertThat(api.get("/api/queues/shop/orders.created").json().at("/arguments/x-max-length").asLong())
                .isEqualTo(50000L);
        assertThat(api.get("/api/exchanges/shop/billing").json().at("/arguments/alternate-exchange").asText())
                .isEqualTo("orders.dlx");
        assertThat(api.get("/api/exchanges/shop/audit").json().get("internal").asBoolean()).isTrue();

        // the imported user logs in over AMQP with its RabbitMQ password hash, and the imported bindings route
        ConnectionFactory factory = source.connectionFactory();
        factory.setUsername("orders-app");
        factory.setPassword("app-secret");
        factory.setVirtualHost("shop");
        Channel channel = source.newConnection(factory).createChannel();
        channel.basicPublish("orders.events", "order.created", null, "o-1".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("billing", "unknown-key", null, "lost".getBytes(StandardCharsets.UTF_8));
        var shopHost = source.server().broker().vhost("shop");
        await().until(() -> shopHost.findQueue("orders.created").messageCount() == 1
                && shopHost.findQueue("orders.dead").messageCount() == 1);
    }

    @Test
    void exportImportedIntoAFreshBrokerExportsTheSame() {
        ManagementHttp from = new ManagementHttp(source.httpUrl(), "guest", "guest");
        from.put("/api/vhosts/roundtrip", "{\"description\":\"kept\",\"tags\":\"a,b\"}");
        from.put("/api/permissions/roundtrip/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        from.put("/api/users/carol", "{\"password\":\"carol-pw\",\"tags\":\"management\"}");
        from.put("/api/permissions/roundtrip/carol", "{\"configure\":\"^c\",\"write\":\"^c\",\"read\":\".*\"}");
        from.put("/api/exchanges/roundtrip/events", "{\"type\":\"topic\",\"durable\":true}");
        from.put("/api/exchanges/roundtrip/fan", "{\"type\":\"fanout\",\"durable\":false,\"auto_delete\":true}");
        from.put("/api/queues/roundtrip/inbox", "{\"durable\":true,\"arguments\":{\"x-message-ttl\":60000}}");
        from.post("/api/bindings/roundtrip/e/events/q/inbox", "{\"routing_key\":\"a.*\",\"arguments\":{}}");
        from.post("/api/bindings/roundtrip/e/events/e/fan", "{\"routing_key\":\"#\"}");
        from.put("/api/policies/roundtrip/p1", "{\"pattern\":\"^inbox$\",\"definition\":{\"max-length\":9},"
                + "\"priority\":3,\"apply-to\":\"queues\"}");

        String exported = from.get("/api/definitions").body();
        ManagementHttp to = new ManagementHttp(target.httpUrl(), "guest", "guest");
        assertThat(to.post("/api/definitions", exported).status()).isEqualTo(204);
        JsonNode again = to.get("/api/definitions").json();

        JsonNode original = from.get("/api/definitions").json();
        for (String section : new String[] {"users", "vhosts", "permissions", "policies", "queues", "exchanges",
                                            "bindings"}) {
            assertThat(asSet(again.get(section))).as(section).isEqualTo(asSet(original.get(section)));
        }
        assertThat(again.get("rabbit_version").asText()).isEqualTo(original.get("rabbit_version").asText());
        // and the copied user logs in with the copied hash
        assertThat(to.as("carol", "carol-pw").get("/api/whoami").status()).isEqualTo(200);
    }

    @Test
    void vhostDefinitionsExportWithoutVhostFieldsAndImportIntoAnotherVhost() {
        ManagementHttp api = new ManagementHttp(source.httpUrl(), "guest", "guest");
        api.put("/api/vhosts/v1", "{}");
        api.put("/api/permissions/v1/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        api.put("/api/queues/v1/only-here", "{}");
        api.put("/api/vhosts/v2", "{}");

        JsonNode exported = api.get("/api/definitions/v1").json();
        assertThat(exported.has("users")).isFalse();
        assertThat(exported.get("queues").get(0).has("vhost")).isFalse();
        assertThat(api.post("/api/definitions/v2", exported.toString()).status()).isEqualTo(204);

        assertThat(source.server().broker().vhost("v2").findQueue("only-here")).isNotNull();
    }

    @Test
    void importWithAnUnsupportedHashIsRefusedWith400() {
        ManagementHttp api = new ManagementHttp(source.httpUrl(), "guest", "guest");

        ManagementHttp.Reply reply = api.post("/api/definitions", "{\"users\":[{\"name\":\"old\",\"password_hash\":"
                + "\"abc\",\"hashing_algorithm\":\"rabbit_password_hashing_md5\",\"tags\":\"\"}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("reason").asText()).contains("rabbit_password_hashing_md5");
    }

    private static Set<String> asSet(JsonNode array) {
        Set<String> out = new TreeSet<>();
        Iterator<JsonNode> elements = array.elements();
        while (elements.hasNext()) {
            out.add(canonical(elements.next()));
        }
        return out;
    }

    /** JSON with object keys sorted, so that field order does not matter. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> fields = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), canonical(e.getValue())));
            return fields.toString();
        }
        return node.toString();
    }
}
