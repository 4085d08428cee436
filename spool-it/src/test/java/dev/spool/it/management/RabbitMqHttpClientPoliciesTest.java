package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.http.client.Client;
import com.rabbitmq.http.client.ClientParameters;
import com.rabbitmq.http.client.JdkHttpClientHttpLayer;
import com.rabbitmq.http.client.domain.PolicyInfo;
import com.rabbitmq.http.client.domain.QueueInfo;
import com.rabbitmq.http.client.domain.TopicPermissions;
import com.rabbitmq.http.client.domain.VhostLimits;
import dev.spool.it.support.RunningBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's Java management client ({@code com.rabbitmq:http-client}) manages policies, operator policies, topic
 * permissions and vhost limits on Spool as it does on RabbitMQ, and what it sets takes effect.
 */
class RabbitMqHttpClientPoliciesTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private Client client;

    @BeforeEach
    void client() throws Exception {
        client = new Client(new ClientParameters().url(broker.httpUrl() + "/api/").username("guest")
                .password("guest").httpLayerFactory(JdkHttpClientHttpLayer.configure().create()));
    }

    @Test
    void policiesAndOperatorPoliciesApplyToQueues() {
        client.declareQueue("/", "hc-capped", new QueueInfo(true, false, false));

        client.declarePolicy("/", "hc-limits", new PolicyInfo("^hc-capped$", 1, "queues",
                Map.of("max-length", 10, "dead-letter-exchange", "hc-dlx")));
        client.declareOperatorPolicy("/", "hc-caps", new PolicyInfo(".*", 0, "queues", Map.of("max-length", 4)));

        assertThat(client.getPolicies("/")).extracting(PolicyInfo::getName).containsExactly("hc-limits");
        PolicyInfo cap = client.getOperatorPolicies("/").get(0);
        assertThat(cap.getName()).isEqualTo("hc-caps");
        assertThat(cap.getApplyTo()).isEqualTo("queues");
        assertThat(cap.getDefinition()).containsEntry("max-length", 4);
        QueueInfo queue = client.getQueue("/", "hc-capped");
        assertThat(queue.getPolicy()).isEqualTo("hc-limits");
        assertThat(broker.existingQueue("hc-capped").effectiveSettings().maxLength()).isEqualTo(4);
        assertThat(broker.existingQueue("hc-capped").effectiveSettings().deadLetterExchange()).isEqualTo("hc-dlx");

        client.deleteOperatorPolicy("/", "hc-caps");
        client.deletePolicy("/", "hc-limits");
        assertThat(client.getOperatorPolicies()).isEmpty();
        assertThat(broker.existingQueue("hc-capped").effectiveSettings().policy()).isNull();
    }

    @Test
    void topicPermissionsAndVhostLimits() {
        client.createVhost("hc-limited");
        client.createUser("hc-topic", "pw".toCharArray(), List.of());
        TopicPermissions topic = new TopicPermissions();
        topic.setExchange("amq.topic");
        topic.setWrite("^w");
        topic.setRead("^r");
        client.updateTopicPermissions("hc-limited", "hc-topic", topic);
        client.limitMaxNumberOfQueues("hc-limited", 7);
        client.limitMaxNumberOfConnections("hc-limited", 3);

        List<TopicPermissions> permissions = client.getTopicPermissions("hc-limited", "hc-topic");
        assertThat(permissions).hasSize(1);
        assertThat(permissions.get(0).getExchange()).isEqualTo("amq.topic");
        assertThat(permissions.get(0).getWrite()).isEqualTo("^w");
        assertThat(permissions.get(0).getRead()).isEqualTo("^r");
        assertThat(client.getTopicPermissionsOf("hc-topic")).hasSize(1);
        assertThat(broker.server().broker().topicPermissions().get("hc-topic", "hc-limited", "amq.topic"))
                .isNotNull();
        VhostLimits limits = client.getVhostLimits("hc-limited");
        assertThat(limits.getMaxQueues()).isEqualTo(7);
        assertThat(limits.getMaxConnections()).isEqualTo(3);

        client.clearMaxQueuesLimit("hc-limited");
        client.clearTopicPermissions("hc-limited", "hc-topic");
        assertThat(client.getVhostLimits("hc-limited").getMaxQueues()).isEqualTo(-1);
        assertThat(broker.server().broker().limits().vhostLimits("hc-limited").maxConnections()).isEqualTo(3);
        assertThat(broker.server().broker().topicPermissions().any("hc-topic", "hc-limited")).isFalse();
        client.deleteVhost("hc-limited");
        client.deleteUser("hc-topic");
    }
}
