package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * What a restart must keep: the confirmed, persistent messages {@link ReconnectStep} published to a durable queue
 * before restarting the broker are all still there afterwards, once each. Only meaningful on a broker that keeps
 * messages on disk; the runner skips it with {@code COMPAT_SKIP=durable} until Spool does.
 */
final class DurableBacklogStep implements Step {

    static final String QUEUE = "compat.java-amqp-client.durable";
    private static final int MESSAGES = 5;

    @Override
    public String name() {
        return "durable-backlog";
    }

    /** Called before the restart, on a channel of the connection that will be recovered. */
    static void publishBacklog(Channel channel) throws IOException, InterruptedException, TimeoutException {
        channel.queueDelete(QUEUE);
        channel.queueDeclare(QUEUE, true, false, false, null);
        channel.confirmSelect();
        for (int i = 0; i < MESSAGES; i++) {
            String id = "backlog-" + i;
            channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    id.getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            AMQP.Queue.DeclareOk state = channel.queueDeclarePassive(QUEUE);
            if (state.getMessageCount() != MESSAGES) {
                throw new CheckFailure("durable queue holds " + state.getMessageCount() + " messages after the "
                        + "restart, expected the " + MESSAGES + " confirmed persistent ones");
            }
            Ledger ledger = new Ledger(name());
            for (int i = 0; i < MESSAGES; i++) {
                ledger.expect("backlog-" + i);
            }
            GetResponse response;
            while ((response = channel.basicGet(QUEUE, false)) != null) {
                ledger.record(new String(response.getBody(), StandardCharsets.UTF_8));
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
            ledger.verifyExactlyOnce();
            channel.queueDelete(QUEUE);
        }
        return MESSAGES + " confirmed persistent messages survived the restart, once each";
    }

    /** Removes the durable queue when the check itself is skipped. */
    static void cleanUp(CompatSettings settings) throws IOException, TimeoutException {
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(QUEUE);
        }
    }
}
