package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.Overflow;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/policies} and {@code /api/operator-policies}: a policy put over HTTP applies at once to the queues and
 * exchanges it matches (what the queue holds and what {@code /api/queues} shows), with RabbitMQ's precedence rules,
 * and a bad one is refused with RabbitMQ's validation text.
 */
class PoliciesApiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private ManagementHttp api;

    @BeforeEach
    void client() {
        api = new ManagementHttp(broker.httpUrl(), "guest", "guest");
    }

    @AfterEach
    void removePolicies() {
        for (String kind : new String[] {"policies", "operator-policies"}) {
            for (JsonNode policy : api.get("/api/" + kind + "/%2F").json()) {
                api.delete("/api/" + kind + "/%2F/" + policy.get("name").asText());
            }
        }
    }

    @Test
    void aPolicySetsMaxLengthOnTheMatchingQueueAndQueuesApiShowsIt() throws Exception {
        String queue = broker.uniqueName("work.emails");
        String other = broker.uniqueName("reports");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueDeclare(other, true, false, false, null);

        assertThat(api.put("/api/policies/%2F/work", "{\"pattern\":\"^work\\\\.\",\"apply-to\":\"queues\","
                + "\"priority\":1,\"definition\":{\"max-length\":10,\"overflow\":\"reject-publish\"}}").status())
                .isEqualTo(201);

        EffectiveQueueSettings settings = broker.existingQueue(queue).effectiveSettings();
        assertThat(settings.policy()).isEqualTo("work");
        assertThat(settings.maxLength()).isEqualTo(10);
        assertThat(settings.overflow()).isEqualTo(Overflow.REJECT_PUBLISH);
        assertThat(broker.existingQueue(other).effectiveSettings().policy()).isNull();
        JsonNode q = api.get("/api/queues/%2F/" + queue).json();
        assertThat(q.get("policy").asText()).isEqualTo("work");
        assertThat(q.get("operator_policy").isNull()).isTrue();
        assertThat(q.at("/effective_policy_definition/max-length").asInt()).isEqualTo(10);
        assertThat(q.at("/effective_policy_definition/overflow").asText()).isEqualTo("reject-publish");
        JsonNode o = api.get("/api/queues/%2F/" + other).json();
        assertThat(o.get("policy").isNull()).isTrue();
        assertThat(o.get("effective_policy_definition").size()).isZero();

        JsonNode policy = api.get("/api/policies/%2F/work").json();
        assertThat(policy.get("vhost").asText()).isEqualTo("/");
        assertThat(policy.get("pattern").asText()).isEqualTo("^work\\.");
        assertThat(policy.get("apply-to").asText()).isEqualTo("queues");
        assertThat(policy.get("priority").asInt()).isEqualTo(1);
        assertThat(policy.at("/definition/max-length").asInt()).isEqualTo(10);
        assertThat(api.put("/api/policies/%2F/work", "{\"pattern\":\"^work\\\\.\",\"definition\":{\"max-length\":3}}")
                .status()).isEqualTo(204);
        assertThat(broker.existingQueue(queue).effectiveSettings().maxLength()).isEqualTo(3);
    }

    @Test
    void aQueueDeclaredLaterGetsThePolicyAtOnce() throws Exception {
        api.put("/api/policies/%2F/ttl", "{\"pattern\":\"^later-\",\"definition\":{\"message-ttl\":60000}}");
        String queue = broker.uniqueName("later");

        broker.newChannel().queueDeclare(queue, false, false, false, null);

        assertThat(broker.existingQueue(queue).effectiveSettings().messageTtl()).isEqualTo(60_000);
    }

    @Test
    void theHigherPriorityPolicyWinsWhenPatternsOverlap() throws Exception {
        String queue = broker.uniqueName("orders");
        broker.newChannel().queueDeclare(queue, true, false, false, null);

        api.put("/api/policies/%2F/broad", "{\"pattern\":\".*\",\"priority\":0,\"definition\":{\"max-length\":100}}");
        api.put("/api/policies/%2F/narrow", "{\"pattern\":\"^orders-\",\"priority\":5,"
                + "\"definition\":{\"max-length\":7}}");
        api.put("/api/policies/%2F/unanchored", "{\"pattern\":\"rders\",\"priority\":3,"
                + "\"definition\":{\"max-length\":9}}");

        assertThat(broker.existingQueue(queue).effectiveSettings().policy()).isEqualTo("narrow");
        assertThat(broker.existingQueue(queue).effectiveSettings().maxLength()).isEqualTo(7);

        assertThat(api.delete("/api/policies/%2F/narrow").status()).isEqualTo(204);
        assertThat(broker.existingQueue(queue).effectiveSettings().policy()).isEqualTo("unanchored");
        assertThat(broker.existingQueue(queue).effectiveSettings().maxLength()).isEqualTo(9);
        api.delete("/api/policies/%2F/unanchored");
        api.delete("/api/policies/%2F/broad");
        assertThat(broker.existingQueue(queue).effectiveSettings().policy()).isNull();
        assertThat(broker.existingQueue(queue).effectiveSettings().maxLength()).isEqualTo(EffectiveQueueSettings.NONE);
        assertThat(api.delete("/api/policies/%2F/broad").status()).isEqualTo(404);
    }

    @Test
    void anOperatorPolicyCapsThePolicyAndTheQueuesOwnArgument() throws Exception {
        String queue = broker.uniqueName("capped");
        broker.newChannel().queueDeclare(queue, true, false, false, Map.of("x-max-length", 5000,
                "x-dead-letter-exchange", "app-dlx"));
        api.put("/api/policies/%2F/app", "{\"pattern\":\"^capped-\",\"definition\":{\"max-length\":2000,"
                + "\"message-ttl\":600000,\"dead-letter-exchange\":\"policy-dlx\"}}");

        assertThat(api.put("/api/operator-policies/%2F/caps", "{\"pattern\":\".*\",\"apply-to\":\"queues\","
                + "\"definition\":{\"max-length\":1000,\"message-ttl\":900000}}").status()).isEqualTo(201);

        EffectiveQueueSettings settings = broker.existingQueue(queue).effectiveSettings();
        assertThat(settings.operatorPolicy()).isEqualTo("caps");
        assertThat(settings.maxLength()).isEqualTo(1000);
        assertThat(settings.messageTtl()).isEqualTo(600_000);
        assertThat(settings.deadLetterExchange()).isEqualTo("app-dlx");
        JsonNode q = api.get("/api/queues/%2F/" + queue).json();
        assertThat(q.get("policy").asText()).isEqualTo("app");
        assertThat(q.get("operator_policy").asText()).isEqualTo("caps");
        assertThat(q.at("/effective_policy_definition/max-length").asInt()).isEqualTo(1000);
        assertThat(q.at("/effective_policy_definition/message-ttl").asInt()).isEqualTo(600_000);
        assertThat(q.at("/effective_policy_definition/dead-letter-exchange").asText()).isEqualTo("policy-dlx");
        assertThat(api.get("/api/operator-policies").json()).extracting(p -> p.get("name").asText())
                .containsExactly("caps");
        assertThat(api.get("/api/policies").json()).extracting(p -> p.get("name").asText())
                .doesNotContain("caps");

        api.delete("/api/operator-policies/%2F/caps");
        assertThat(broker.existingQueue(queue).effectiveSettings().maxLength()).isEqualTo(2000);
    }

    @Test
    void anExchangePolicyGivesUnroutableMessagesAnAlternateExchange() throws Exception {
        String exchange = broker.uniqueName("events");
        String lost = broker.uniqueName("lost");
        Channel channel = broker.newChannel();
        channel.exchangeDeclare(exchange, "direct", true);
        channel.exchangeDeclare(lost, "fanout", true);
        String sink = channel.queueDeclare().getQueue();
        channel.queueBind(sink, lost, "");

        api.put("/api/policies/%2F/ae", "{\"pattern\":\"^" + exchange + "$\",\"apply-to\":\"exchanges\","
                + "\"definition\":{\"alternate-exchange\":\"" + lost + "\"}}");
        channel.basicPublish(exchange, "nobody", null, "stray".getBytes(StandardCharsets.UTF_8));

        GetResponse stray = awaitMessage(channel, sink);
        assertThat(new String(stray.getBody(), StandardCharsets.UTF_8)).isEqualTo("stray");
        assertThat(api.get("/api/exchanges/%2F/" + exchange).json().get("policy").asText()).isEqualTo("ae");
        assertThat(broker.existingQueue(sink).effectiveSettings().policy()).isNull();
    }

    @Test
    void badPoliciesAreRefusedWithRabbitMqsValidationText() {
        ManagementHttp.Reply ttl = api.put("/api/policies/%2F/bad", "{\"pattern\":\".*\","
                + "\"definition\":{\"message-ttl\":\"abc\"}}");
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(ttl.json().get("reason").asText())
                .isEqualTo("Validation failed\n\n&lt;&lt;\"abc\"&gt;&gt; is not a valid message TTL\n");

        assertThat(api.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{\"expires\":0}}")
                .json().get("reason").asText()).isEqualTo("Validation failed\n\n0 is not a valid queue expiry\n");
        assertThat(api.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{}}")
                .json().get("reason").asText()).isEqualTo("Validation failed\n\nno policy provided\n");
        assertThat(api.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"apply-to\":\"topics\","
                + "\"definition\":{\"max-length\":1}}").json().get("reason").asText())
                .isEqualTo("Validation failed\n\napply-to 'topics' unrecognised; should be one of: 'queues',"
                        + " 'classic_queues',  'quorum_queues', 'streams', 'exchanges', or 'all'\n");
        assertThat(api.put("/api/operator-policies/%2F/bad", "{\"pattern\":\".*\","
                + "\"definition\":{\"dead-letter-exchange\":\"dlx\"}}").json().get("reason").asText())
                .isEqualTo("Validation failed\n\n[{&lt;&lt;\"dead-letter-exchange\"&gt;&gt;,&lt;&lt;\"dlx\"&gt;&gt;}]"
                        + " are not recognised policy settings\n");
        assertThat(api.get("/api/policies/%2F/bad").status()).isEqualTo(404);
        assertThat(api.get("/api/operator-policies/%2F/bad").status()).isEqualTo(404);
    }

    @Test
    void operatorPoliciesAreForAdministratorsOnly() {
        api.put("/api/users/pm", "{\"password\":\"pm\",\"tags\":\"policymaker\"}");
        api.put("/api/permissions/%2F/pm", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        ManagementHttp policymaker = api.as("pm", "pm");

        assertThat(policymaker.put("/api/policies/%2F/pm-policy", "{\"pattern\":\"^pm$\","
                + "\"definition\":{\"max-length\":1}}").status()).isEqualTo(201);
        assertThat(policymaker.put("/api/operator-policies/%2F/pm-cap", "{\"pattern\":\"^pm$\","
                + "\"definition\":{\"max-length\":1}}").status()).isEqualTo(403);
        assertThat(policymaker.get("/api/operator-policies").status()).isEqualTo(403);
        api.delete("/api/users/pm");
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        AtomicReference<GetResponse> got = new AtomicReference<>();
        await().until(() -> {
            got.set(channel.basicGet(queue, true));
            return got.get() != null;
        });
        return got.get();
    }
}
