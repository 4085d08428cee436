package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.Overflow;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A definitions import applies what it carries besides the topology: policies take effect on the imported queues at
 * once, topic permissions and limits are set, and an export carries them all in RabbitMQ's places.
 */
class DefinitionsSettingsTest {
    @RegisterExtension
    static final RunningBroker source = RunningBroker.withDefaults();

    @RegisterExtension
    static final RunningBroker target = RunningBroker.withDefaults();

    @Test
    void aRabbitMqExportsPoliciesTopicPermissionsAndLimitsTakeEffect() throws Exception {
        ManagementHttp api = new ManagementHttp(source.httpUrl(), "guest", "guest");

        assertThat(api.post("/api/definitions", rabbitMqExport()).status()).isEqualTo(204);

        VirtualHost shop = source.server().broker().vhost("shop");
        EffectiveQueueSettings created = shop.findQueue("orders.created").effectiveSettings();
        assertThat(created.policy()).isEqualTo("orders-ttl");
        assertThat(created.messageTtl()).isEqualTo(86_400_000L);
        assertThat(created.deadLetterExchange()).isEqualTo("orders.dlx");
        assertThat(created.maxLength()).isEqualTo(50_000);
        assertThat(shop.findQueue("billing.invoices").effectiveSettings().policy()).isNull();
        EffectiveQueueSettings tasks = source.existingQueue("tasks").effectiveSettings();
        assertThat(tasks.policy()).isEqualTo("ha-all");
        assertThat(tasks.maxLength()).isEqualTo(100_000);
        assertThat(tasks.overflow()).isEqualTo(Overflow.REJECT_PUBLISH);
        assertThat(api.get("/api/queues/shop/orders.created").json().get("policy").asText()).isEqualTo("orders-ttl");

        JsonNode topic = api.get("/api/topic-permissions/shop/orders-app").json();
        assertThat(topic.get(0).get("exchange").asText()).isEqualTo("orders.events");
        assertThat(topic.get(0).get("write").asText()).isEqualTo("^order\\.");
        assertThat(source.server().broker().limits().vhostLimits("shop").maxConnections()).isEqualTo(500);
        assertThat(source.server().broker().limits().vhostLimits("shop").maxQueues()).isEqualTo(1000);
        assertThat(source.server().broker().limits().userLimits("orders-app").maxConnections()).isEqualTo(50);

        JsonNode exported = api.get("/api/definitions").json();
        assertThat(exported.get("topic_permissions").toString()).isEqualTo("[{\"user\":\"orders-app\","
                + "\"vhost\":\"shop\",\"exchange\":\"orders.events\",\"write\":\"^order\\\\.\",\"read\":\".*\"}]");
        assertThat(exported.get("parameters").toString()).isEqualTo("[{\"value\":{\"max-connections\":500,"
                + "\"max-queues\":1000},\"vhost\":\"shop\",\"component\":\"vhost-limits\",\"name\":\"limits\"}]");
        for (JsonNode user : exported.get("users")) {
            if (user.get("name").asText().equals("orders-app")) {
                assertThat(user.get("limits").toString()).isEqualTo("{\"max-connections\":50}");
            }
        }

        ManagementHttp to = new ManagementHttp(target.httpUrl(), "guest", "guest");
        assertThat(to.post("/api/definitions", exported.toString()).status()).isEqualTo(204);
        JsonNode again = to.get("/api/definitions").json();
        for (String section : new String[] {"topic_permissions", "parameters", "policies"}) {
            assertThat(again.get(section)).as(section).isEqualTo(exported.get(section));
        }
        assertThat(target.server().broker().vhost("shop").findQueue("orders.created").effectiveSettings().policy())
                .isEqualTo("orders-ttl");
    }

    private static String rabbitMqExport() throws IOException {
        try (InputStream in = DefinitionsSettingsTest.class.getResourceAsStream(
                "/definitions/rabbitmq-3.13-export.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
