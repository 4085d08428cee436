package dev.spool.engine.auth;

import dev.spool.engine.ErrorCondition;
import dev.spool.engine.exchange.Exchange;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class AccessControlTest {
    private final Users users = new Users();
    private final TopicPermissions topics = new TopicPermissions();
    private final AccessControl access = new AccessControl(users, topics, "app", "/");

    AccessControlTest() {
        users.add("app", "secret", Set.of());
    }

    @Test
    void expressionsMatchAnywhereInTheNameAsRabbitMqsDo() {
        users.setPermission("app", "/", new Permission("orders", "^app-", "x$"));

        assertThatCode(() -> access.checkQueue(Access.CONFIGURE, "my-orders-queue")).doesNotThrowAnyException();
        assertThatCode(() -> access.checkExchange(Access.WRITE, "app-events")).doesNotThrowAnyException();
        assertThatCode(() -> access.checkQueue(Access.READ, "inbox")).doesNotThrowAnyException();
        assertFails(() -> access.checkExchange(Access.WRITE, "the-app-events"), ErrorCondition.ACCESS_REFUSED,
                "write access to exchange 'the-app-events' in vhost '/' refused for user 'app'");
    }

    @Test
    void emptyExpressionGrantsNothing() {
        users.setPermission("app", "/", new Permission("", ".*", ".*"));

        assertFails(() -> access.checkQueue(Access.CONFIGURE, "q"), ErrorCondition.ACCESS_REFUSED,
                "configure access to queue 'q' in vhost '/' refused for user 'app'");
    }

    @Test
    void userWithoutPermissionsInTheVhostIsRefusedEverything() {
        assertFails(() -> access.checkQueue(Access.READ, "q"), ErrorCondition.ACCESS_REFUSED,
                "read access to queue 'q' in vhost '/' refused for user 'app'");
    }

    @Test
    void defaultExchangeIsCheckedAndNamedAsAmqDefault() {
        users.setPermission("app", "/", new Permission(".*", "^amq\\.default$", ".*"));
        assertThatCode(() -> access.checkPublish("")).doesNotThrowAnyException();

        users.setPermission("app", "/", new Permission(".*", "^app-", ".*"));
        assertFails(() -> access.checkPublish(""), ErrorCondition.ACCESS_REFUSED,
                "write access to exchange 'amq.default' in vhost '/' refused for user 'app'");
    }

    @Test
    void publishCheckSeesAPermissionChangeAtOnce() {
        users.setPermission("app", "/", Permission.ALL);
        access.checkPublish("events");
        access.checkPublish("events"); // cached

        users.setPermission("app", "/", new Permission(".*", "^other$", ".*"));
        assertFails(() -> access.checkPublish("events"), ErrorCondition.ACCESS_REFUSED,
                "write access to exchange 'events' in vhost '/' refused for user 'app'");

        users.clearPermission("app", "/");
        assertFails(() -> access.checkPublish("other"), ErrorCondition.ACCESS_REFUSED,
                "write access to exchange 'other' in vhost '/' refused for user 'app'");
    }

    @Test
    void invalidExpressionGrantsNothing() {
        users.setPermission("app", "/", new Permission("(", ".*", ".*"));

        assertFails(() -> access.checkQueue(Access.CONFIGURE, "("), ErrorCondition.ACCESS_REFUSED,
                "configure access to queue '(' in vhost '/' refused for user 'app'");
    }

    @Test
    void topicWriteIsCheckedOnTopicExchangesWithATopicPermission() {
        users.setPermission("app", "/", Permission.ALL);
        Exchange topic = Exchange.create("amq.topic", Exchange.TOPIC, true, false, false, Map.of());
        Exchange direct = Exchange.create("amq.direct", Exchange.DIRECT, true, false, false, Map.of());
        topics.set("app", "/", new TopicPermission("amq.topic", "^{username}\\.", "^stock\\."));

        assertThatCode(() -> access.checkTopic(Access.WRITE, topic, "app.orders")).doesNotThrowAnyException();
        assertThatCode(() -> access.checkTopic(Access.WRITE, direct, "anything")).doesNotThrowAnyException();
        assertThatCode(() -> access.checkTopic(Access.READ, topic, "stock.nyse")).doesNotThrowAnyException();
        assertFails(() -> access.checkTopic(Access.WRITE, topic, "other.orders"), ErrorCondition.ACCESS_REFUSED,
                "write access to topic 'other.orders' in exchange 'amq.topic' in vhost '/' refused for user 'app'");
        assertFails(() -> access.checkTopic(Access.READ, topic, "app.orders"), ErrorCondition.ACCESS_REFUSED,
                "read access to topic 'app.orders' in exchange 'amq.topic' in vhost '/' refused for user 'app'");
    }

    @Test
    void topicExchangeWithoutATopicPermissionAllowsEveryKey() {
        users.setPermission("app", "/", Permission.ALL);
        topics.set("app", "/", new TopicPermission("other", "^$", "^$"));
        Exchange topic = Exchange.create("amq.topic", Exchange.TOPIC, true, false, false, Map.of());

        assertThatCode(() -> access.checkTopic(Access.WRITE, topic, "any.key")).doesNotThrowAnyException();
    }

    @Test
    void topicPermissionsOfAnotherVhostDoNotApply() {
        users.setPermission("app", "/", Permission.ALL);
        topics.set("app", "staging", new TopicPermission("amq.topic", "^$", "^$"));
        Exchange topic = Exchange.create("amq.topic", Exchange.TOPIC, true, false, false, Map.of());

        assertThatCode(() -> access.checkTopic(Access.WRITE, topic, "any.key")).doesNotThrowAnyException();
    }

    @Test
    void permissionsOfAnotherVhostDoNotApply() {
        users.setPermission("app", "staging", Permission.ALL);

        assertFails(() -> access.checkExchange(Access.CONFIGURE, "x"), ErrorCondition.ACCESS_REFUSED,
                "configure access to exchange 'x' in vhost '/' refused for user 'app'");
    }

    @Test
    void publishChecksAllocateNothingOnceWarm() {
        users.setPermission("app", "/", new Permission(".*", "^(events|amq\\.topic)$", ".*"));
        topics.set("app", "/", new TopicPermission("amq.topic", "^app\\.", ".*"));
        Exchange topic = Exchange.create("amq.topic", Exchange.TOPIC, true, false, false, Map.of());
        String[] keys = {"app.a", "app.b", "app.c"};
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up: compile the matchers and the code
            publish(topic, keys[i % 3]);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            publish(topic, keys[i % 3]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by 200,000 checks").isLessThan(4096);
    }

    private void publish(Exchange topic, String routingKey) {
        access.checkPublish(topic.name());
        access.checkTopic(Access.WRITE, topic, routingKey);
        access.checkPublish("events");
    }
}
