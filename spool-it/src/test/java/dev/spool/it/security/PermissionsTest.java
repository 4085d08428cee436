package dev.spool.it.security;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.engine.Broker;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.it.support.RunningBroker;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's permission checks through its own client: each method needs configure, write or read access to the
 * resource it touches, and a refusal closes the channel with 403 ACCESS_REFUSED, RabbitMQ's text and the method's ids.
 * User "app" may configure and read {@code app-*} resources and write to {@code app-*} exchanges and queues.
 */
class PermissionsTest {
    private static final String USER = "app";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private Channel guest;
    private Channel app;

    @BeforeEach
    void restrictedUserAndResourcesItMayNotTouch() throws Exception {
        Broker engine = broker.server().broker();
        engine.users().put(USER, "app-secret", Set.of());
        engine.users().setPermission(USER, "/", new Permission("^app-", "^app-", "^app-"));
        engine.topicPermissions().clear(USER, "/");
        guest = broker.newChannel();
        guest.queueDeclare("private-queue", false, false, false, null);
        guest.exchangeDeclare("private-exchange", "direct");
        app = RunningBroker.openChannel(broker.newConnection(asApp()));
    }

    @Test
    void publishWithoutWritePermissionClosesTheChannelWith403() throws Exception {
        app.basicPublish("private-exchange", "k", null, new byte[] {1});

        AMQP.Channel.Close close = assertChannelClosedBy(app, 403, 60, 40);
        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - write access to exchange 'private-exchange'"
                + " in vhost '/' refused for user 'app'");
    }

    @Test
    void publishToTheDefaultExchangeNeedsWriteOnAmqDefault() throws Exception {
        app.basicPublish("", "app-queue", null, new byte[] {1});

        AMQP.Channel.Close close = assertChannelClosedBy(app, 403, 60, 40);
        assertThat(close.getReplyText()).contains("write access to exchange 'amq.default' in vhost '/'");
    }

    @Test
    void consumeWithoutReadPermissionClosesTheChannelWith403() {
        AMQP.Channel.Close close = assertChannelError(
                () -> app.basicConsume("private-queue", true, (tag, delivery) -> { }, tag -> { }), 403, 60, 20);

        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - read access to queue 'private-queue' in vhost"
                + " '/' refused for user 'app'");
    }

    @Test
    void getWithoutReadPermissionClosesTheChannelWith403() {
        assertChannelError(() -> app.basicGet("private-queue", true), 403, 60, 70);
    }

    @Test
    void purgeWithoutReadPermissionClosesTheChannelWith403() {
        assertChannelError(() -> app.queuePurge("private-queue"), 403, 50, 30);
    }

    @Test
    void declareWithoutConfigurePermissionClosesTheChannelWith403() {
        AMQP.Channel.Close close = assertChannelError(() -> app.queueDeclare("other-queue", false, false, false,
                null), 403, 50, 10);

        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - configure access to queue 'other-queue' in"
                + " vhost '/' refused for user 'app'");
    }

    @Test
    void deleteWithoutConfigurePermissionClosesTheChannelWith403() {
        assertChannelError(() -> app.queueDelete("private-queue"), 403, 50, 40);
        assertThat(broker.queue("private-queue")).isNotNull();
    }

    @Test
    void exchangeDeclareAndDeleteNeedConfigure() throws Exception {
        assertChannelError(() -> app.exchangeDeclare("other-exchange", "fanout"), 403, 40, 10);
        Channel again = RunningBroker.openChannel(app.getConnection());
        assertChannelError(() -> again.exchangeDelete("private-exchange"), 403, 40, 20);
    }

    @Test
    void passiveDeclareNeedsNoPermission() throws Exception {
        assertThat(app.queueDeclarePassive("private-queue").getQueue()).isEqualTo("private-queue");
        app.exchangeDeclarePassive("private-exchange");
    }

    @Test
    void ownResourcesWorkEndToEnd() throws Exception {
        app.exchangeDeclare("app-exchange", "direct", false, true, null);
        app.queueDeclare("app-queue", false, false, true, null);
        app.queueBind("app-queue", "app-exchange", "k");
        app.basicPublish("app-exchange", "k", null, new byte[] {9});

        assertThat(app.basicGet("app-queue", true).getBody()).containsExactly(9);
    }

    @Test
    void bindNeedsWriteOnTheQueueAndReadOnTheExchange() throws Exception {
        app.queueDeclare("app-bound", false, false, true, null);

        AMQP.Channel.Close close = assertChannelError(() -> app.queueBind("app-bound", "private-exchange", "k"),
                403, 50, 20);
        assertThat(close.getReplyText()).contains("read access to exchange 'private-exchange'");
        Channel again = RunningBroker.openChannel(app.getConnection());
        close = assertChannelError(() -> again.queueBind("private-queue", "amq.direct", "k"), 403, 50, 20);
        assertThat(close.getReplyText()).contains("write access to queue 'private-queue'");
    }

    @Test
    void exchangeBindNeedsWriteOnTheDestination() throws Exception {
        app.exchangeDeclare("app-source", "fanout", false, true, null);

        assertChannelError(() -> app.exchangeBind("private-exchange", "app-source", ""), 403, 40, 30);
    }

    @Test
    void deadLetterExchangeNeedsWriteOnIt() {
        Map<String, Object> arguments = Map.of("x-dead-letter-exchange", "private-exchange");

        assertChannelError(() -> app.queueDeclare("app-dlx", false, false, true, arguments), 403, 50, 10);
    }

    @Test
    void revokedPermissionsApplyToAnOpenConnectionAtOnce() throws Exception {
        app.queueDeclare("app-revoked", false, false, true, null);
        broker.server().broker().users().setPermission(USER, "/", new Permission("^app-", "^app-", "^$"));

        assertChannelError(() -> app.basicGet("app-revoked", true), 403, 60, 70);
    }

    @Test
    void topicPermissionLimitsRoutingKeysOnPublishAndBind() throws Exception {
        Broker engine = broker.server().broker();
        engine.users().setPermission(USER, "/", new Permission("^app-", ".*", ".*"));
        engine.topicPermissions().set(USER, "/", new TopicPermission("amq.topic", "^{username}\\.", "^stock\\."));
        app.queueDeclare("app-topic", false, false, true, null);

        app.queueBind("app-topic", "amq.topic", "stock.#");
        app.basicPublish("amq.topic", "app.prices", null, new byte[] {1});
        app.basicPublish("amq.topic", "someone.prices", null, new byte[] {2});

        AMQP.Channel.Close close = assertChannelClosedBy(app, 403, 60, 40);
        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - write access to topic 'someone.prices' in"
                + " exchange 'amq.topic' in vhost '/' refused for user 'app'");
        Channel again = RunningBroker.openChannel(app.getConnection());
        assertChannelError(() -> again.queueBind("app-topic", "amq.topic", "news.#"), 403, 50, 20);
    }

    private static ConnectionFactory asApp() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(USER);
        factory.setPassword("app-secret");
        return factory;
    }
}
