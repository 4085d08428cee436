package dev.spool.engine.durable;

import dev.spool.engine.Broker;
import dev.spool.engine.VhostMetadata;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;
import dev.spool.engine.policy.ApplyTo;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.queue.QueueSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies, topic permissions, limits and virtual host metadata survive a restart; deleted ones stay deleted. */
class SettingsRestartTest {
    @TempDir
    Path dir;

    private DurableBroker durable;

    @AfterEach
    void close() throws IOException {
        if (durable != null) {
            durable.close();
        }
    }

    @Test
    void policiesSurviveARestartAndApplyToTheRecoveredQueues() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        VirtualHost vhost = durable.broker().vhost("/");
        vhost.declareQueue("work", false, new QueueSettings(true, false, false, Map.of()), "c");
        vhost.declareExchange("orders", "direct", false, true, false, false, Map.of());
        vhost.policies().put(CompiledPolicy.of("/", "limits", "^work$", ApplyTo.QUEUES, 3,
                Map.of("max-length", 10, "retry-delays", List.of(100, 2000L), "dead-letter-exchange", "dlx")));
        vhost.policies().put(CompiledPolicy.of("/", "ae", "^orders$", ApplyTo.EXCHANGES, 0,
                Map.of("alternate-exchange", "lost")));
        vhost.policies().put(CompiledPolicy.operator("/", "cap", ".*", ApplyTo.ALL, 0, Map.of("max-length", 5)));
        vhost.policies().put(CompiledPolicy.of("/", "gone", ".*", ApplyTo.ALL, 0, Map.of("expires", 1000)));
        vhost.policies().remove("gone", false);

        Broker broker = durable.restart();
        VirtualHost restored = broker.vhost("/");

        assertThat(restored.policies().list(false)).extracting(CompiledPolicy::name)
                .containsExactlyInAnyOrder("limits", "ae");
        CompiledPolicy limits = restored.policies().get("limits", false);
        assertThat(limits.priority()).isEqualTo(3);
        assertThat(limits.applyTo()).isEqualTo(ApplyTo.QUEUES);
        assertThat(limits.definition()).isEqualTo(Map.of("max-length", 10, "retry-delays", List.of(100, 2000L),
                "dead-letter-exchange", "dlx"));
        assertThat(restored.policies().get("cap", true).definition()).containsEntry("max-length", 5);
        assertThat(restored.findQueue("work").effectiveSettings().policy()).isEqualTo("limits");
        assertThat(restored.findQueue("work").effectiveSettings().operatorPolicy()).isEqualTo("cap");
        assertThat(restored.findQueue("work").effectiveSettings().maxLength()).isEqualTo(5);
        assertThat(restored.findExchange("orders").alternateExchange()).isEqualTo("lost");
    }

    @Test
    void policiesOfADeletedVhostAreForgotten() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        durable.broker().createVhost("shop").policies().put(CompiledPolicy.of("shop", "p", ".*", ApplyTo.ALL, 0,
                Map.of("max-length", 1)));
        durable.broker().deleteVhost("shop");

        Broker broker = durable.restart();
        VirtualHost shop = broker.createVhost("shop");

        assertThat(shop.policies().list(false)).isEmpty();
    }

    @Test
    void topicPermissionsLimitsAndMetadataSurviveARestart() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        Broker broker = durable.broker();
        broker.users().add("app", "secret", Set.of());
        broker.users().add("other", "secret", Set.of());
        broker.createVhost("shop", new VhostMetadata("Orders", List.of("prod", "eu"), "classic"));
        broker.topicPermissions().set("app", "shop", new TopicPermission("events", "^app\\.", ".*"));
        broker.topicPermissions().set("app", "/", new TopicPermission("amq.topic", "^x", "^y"));
        broker.topicPermissions().set("app", "/", new TopicPermission("gone", "a", "b"));
        broker.topicPermissions().clear("app", "/", "gone");
        broker.topicPermissions().set("other", "/", new TopicPermission("amq.topic", "o", "o"));
        broker.limits().setVhostLimits("shop", new VhostLimits(10, 20));
        broker.limits().setUserLimits("app", new UserLimits(2, -1));
        broker.limits().setUserLimits("other", new UserLimits(1, 1));
        broker.deleteUser("other");

        Broker restored = durable.restart();

        assertThat(restored.vhostMetadata("shop")).isEqualTo(new VhostMetadata("Orders", List.of("prod", "eu"),
                "classic"));
        assertThat(restored.topicPermissions().get("app", "shop", "events"))
                .isEqualTo(new TopicPermission("events", "^app\\.", ".*"));
        assertThat(restored.topicPermissions().list("app", "/"))
                .containsExactly(new TopicPermission("amq.topic", "^x", "^y"));
        assertThat(restored.topicPermissions().any("other", "/")).isFalse();
        assertThat(restored.limits().ownVhostLimits("shop")).isEqualTo(new VhostLimits(10, 20));
        assertThat(restored.limits().ownUserLimits("app")).isEqualTo(new UserLimits(2, -1));
        assertThat(restored.limits().ownUserLimits("other")).isNull();
    }

    @Test
    void aDeletedVhostTakesItsSettingsAlong() throws IOException {
        durable = new DurableBroker(dir, 1 << 20);
        Broker broker = durable.broker();
        broker.users().add("app", "secret", Set.of());
        broker.createVhost("shop", new VhostMetadata("Orders", List.of(), "classic"));
        broker.topicPermissions().set("app", "shop", new TopicPermission("events", "a", "b"));
        broker.limits().setVhostLimits("shop", new VhostLimits(1, 1));
        broker.deleteVhost("shop");

        Broker restored = durable.restart();
        restored.createVhost("shop");

        assertThat(restored.vhostMetadata("shop")).isEqualTo(VhostMetadata.NONE);
        assertThat(restored.topicPermissions().any("app", "shop")).isFalse();
        assertThat(restored.limits().ownVhostLimits("shop")).isNull();
    }
}
