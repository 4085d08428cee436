package dev.spool.it.lease;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.RpcClient;
import com.rabbitmq.client.RpcClientParams;
import com.rabbitmq.client.StringRpcServer;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Direct reply-to as RabbitMQ does it: RPC replies published to {@code amq.rabbitmq.reply-to.<key>} reach the
 * requester's channel without a queue, with RabbitMQ's errors for misuse.
 */
class DirectReplyToTest {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void rpcClientRoundTripsThroughDirectReplyTo() throws Exception {
        Connection responderConnection = broker.newConnection();
        Channel responderChannel = responderConnection.createChannel();
        String requests = broker.uniqueName("rpc");
        responderChannel.queueDeclare(requests, false, false, true, null);
        StringRpcServer server = new StringRpcServer(responderChannel, requests) {
            @Override
            public String handleStringCall(String request) {
                return request.toUpperCase(Locale.ROOT);
            }
        };
        Thread serving = new Thread(() -> {
            try {
                server.mainloop();
            } catch (Exception e) {
                // ends when the test closes the responder's connection
            }
        }, "rpc-server");
        serving.setDaemon(true);
        serving.start();
        try {
            RpcClient client = new RpcClient(new RpcClientParams().channel(broker.newChannel()).exchange("")
                    .routingKey(requests).replyTo(REPLY_TO).timeout(10_000));

            assertThat(client.stringCall("hello")).isEqualTo("HELLO");
            assertThat(client.stringCall("again")).isEqualTo("AGAIN");
            client.close();
        } finally {
            server.terminateMainloop();
            responderConnection.close();
        }
    }

    @Test
    void replyToIsRewrittenAndTheReplyArrivesAsANoAckDeliveryOfTheReplyConsumer() throws Exception {
        Channel requester = broker.newChannel();
        Channel responder = broker.newConnection().createChannel();
        String requests = broker.uniqueName("requests");
        requester.queueDeclare(requests, false, false, true, null);
        RecordingConsumer replies = new RecordingConsumer(requester);
        String replyConsumerTag = requester.basicConsume(REPLY_TO, true, replies);
        requester.confirmSelect();
        requester.basicPublish("", requests,
                new AMQP.BasicProperties.Builder().replyTo(REPLY_TO).correlationId("c-1").build(), new byte[] {1});
        requester.waitForConfirmsOrDie(5_000);

        GetResponse request = responder.basicGet(requests, true);
        String replyName = request.getProps().getReplyTo();
        assertThat(replyName).startsWith(REPLY_TO + ".").hasSizeGreaterThan(REPLY_TO.length() + 16);
        responder.basicPublish("", replyName,
                new AMQP.BasicProperties.Builder().correlationId("c-1").build(), new byte[] {2});

        Delivery reply = replies.awaitDeliveries(1).get(0);
        assertThat(reply.getBody()).containsExactly(2);
        assertThat(reply.getProperties().getCorrelationId()).isEqualTo("c-1");
        assertThat(reply.getEnvelope().getExchange()).isEmpty();
        assertThat(reply.getEnvelope().getRoutingKey()).isEqualTo(replyName);
        assertThat(reply.getEnvelope().isRedeliver()).isFalse();
        assertThat(replies.getConsumerTag()).isEqualTo(replyConsumerTag);
    }

    @Test
    void declaringThePseudoQueueOrALiveReplyNameAnswersOneConsumerAndAGoneOne404() throws Exception {
        Channel requester = broker.newChannel();
        AMQP.Queue.DeclareOk pseudo = requester.queueDeclare(REPLY_TO, false, false, false, null);
        assertThat(pseudo.getQueue()).isEqualTo(REPLY_TO);
        assertThat(pseudo.getMessageCount()).isZero();
        assertThat(pseudo.getConsumerCount()).isEqualTo(1);
        String tag = requester.basicConsume(REPLY_TO, true, new RecordingConsumer(requester));
        String replyName = replyNameOf(requester);
        Channel responder = broker.newChannel();

        AMQP.Queue.DeclareOk live = responder.queueDeclarePassive(replyName);
        assertThat(live.getQueue()).isEqualTo(replyName);
        assertThat(live.getConsumerCount()).isEqualTo(1);
        assertThat(responder.queueDeclare(replyName, false, false, false, null).getMessageCount()).isZero();
        requester.basicCancel(tag);

        assertThat(assertChannelError(() -> responder.queueDeclarePassive(replyName), 404, 50, 10).getReplyText())
                .isEqualTo("NOT_FOUND - no queue '" + replyName + "' in vhost '/'");
    }

    @Test
    void aReplyConsumerMustBeNoAck() {
        Channel channel = broker.newChannel();

        assertThat(assertChannelError(() -> channel.basicConsume(REPLY_TO, false, new RecordingConsumer(channel)),
                406, 60, 20).getReplyText()).isEqualTo("PRECONDITION_FAILED - reply consumer cannot acknowledge");
    }

    @Test
    void aChannelHasOneReplyConsumerAtMost() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicConsume(REPLY_TO, true, new RecordingConsumer(channel));

        assertThat(assertChannelError(() -> channel.basicConsume(REPLY_TO, true, new RecordingConsumer(channel)),
                406, 60, 20).getReplyText()).isEqualTo("PRECONDITION_FAILED - reply consumer already set");
    }

    @Test
    void publishingWithTheReplyToPseudoQueueWithoutItsConsumerClosesTheChannel() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicPublish("", "anything", new AMQP.BasicProperties.Builder().replyTo(REPLY_TO).build(),
                new byte[0]);

        assertThat(assertChannelClosedBy(channel, 406, 60, 40).getReplyText())
                .isEqualTo("PRECONDITION_FAILED - fast reply consumer does not exist");
    }

    @Test
    void aReplyToAGoneRequesterIsReturnedWhenMandatoryAndConfirmedEitherWay() throws Exception {
        Channel requester = broker.newChannel();
        requester.basicConsume(REPLY_TO, true, new RecordingConsumer(requester));
        String replyName = replyNameOf(requester);
        requester.close();
        Channel responder = broker.newChannel();
        responder.confirmSelect();
        List<Return> returns = new CopyOnWriteArrayList<>();
        responder.addReturnListener(returns::add);

        responder.basicPublish("", replyName, true, null, new byte[] {1});
        responder.basicPublish("", replyName, false, null, new byte[] {2});
        responder.basicPublish("", REPLY_TO + ".no-such-key", true, null, new byte[] {3});
        responder.waitForConfirmsOrDie(5_000);

        assertThat(returns).extracting(Return::getReplyCode).containsExactly(312, 312);
        assertThat(returns.get(0).getRoutingKey()).isEqualTo(replyName);
        assertThat(responder.isOpen()).isTrue();
    }

    @Test
    void aMandatoryReplyToALiveRequesterIsDeliveredNotReturned() throws Exception {
        Channel requester = broker.newChannel();
        RecordingConsumer replies = new RecordingConsumer(requester);
        requester.basicConsume(REPLY_TO, true, replies);
        String replyName = replyNameOf(requester);
        Channel responder = broker.newChannel();
        responder.confirmSelect();
        List<Return> returns = new CopyOnWriteArrayList<>();
        responder.addReturnListener(returns::add);

        responder.basicPublish("", replyName, true, null, "pong".getBytes(StandardCharsets.UTF_8));
        responder.waitForConfirmsOrDie(5_000);

        assertThat(replies.awaitDeliveries(1)).hasSize(1);
        assertThat(returns).isEmpty();
    }

    @Test
    void theServerAnnouncesDirectReplyTo() throws Exception {
        Map<String, Object> properties = broker.newConnection().getServerProperties();

        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = (Map<String, Object>) properties.get("capabilities");
        assertThat(capabilities).containsEntry("direct_reply_to", true);
    }

    /** Publishes a request with the pseudo-queue as reply-to and reads back the name the broker rewrote it to. */
    private String replyNameOf(Channel requester) throws Exception {
        String probe = broker.uniqueName("probe");
        requester.queueDeclare(probe, false, false, true, null);
        requester.basicPublish("", probe, new AMQP.BasicProperties.Builder().replyTo(REPLY_TO).build(), new byte[0]);
        GetResponse response = requester.basicGet(probe, true);
        return response.getProps().getReplyTo();
    }
}
