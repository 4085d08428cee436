package dev.spool.compat.amqpclient;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Recovery after the broker restarts, with the client's automatic recovery as applications use it: before the
 * restart a persistent backlog goes to a durable queue (checked by {@link DurableBacklogStep}) and a consumer sits
 * on a second queue; the broker is restarted; the client must see the connection closed, reconnect, declare its
 * queues and consumer again (topology recovery), and then 50 confirmed messages published on the recovered channel
 * must reach the recovered consumer exactly once.
 */
final class ReconnectStep implements Step {

    static final String QUEUE = "compat.java-amqp-client.after-restart";
    private static final int MESSAGES = 50;

    @Override
    public String name() {
        return "reconnect";
    }

    @Override
    public String run(CompatSettings settings) throws Exception {
        String closedWith;
        long restartMillis;
        try (Connection connection = settings.connectionFactory().newConnection("compat java-amqp-client")) {
            Channel channel = connection.createChannel();
            channel.queueDelete(QUEUE);
            DurableBacklogStep.publishBacklog(channel);
            channel.queueDeclare(QUEUE, false, false, false, null);
            Ledger ledger = new Ledger("after restart");
            channel.basicQos(10);
            channel.basicConsume(QUEUE, false, new LedgerConsumer(channel, ledger));

            CountDownLatch recovered = new CountDownLatch(1);
            ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                    recovered.countDown();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {
                }
            });
            AtomicReference<ShutdownSignalException> closed = new AtomicReference<>();
            connection.addShutdownListener(closed::set);

            restartMillis = BrokerRestart.run(settings.restartCommand());
            if (!recovered.await(30, TimeUnit.SECONDS)) {
                throw new CheckFailure("the client did not recover within 30 s of the restart; connection closed "
                        + "with: " + describe(closed.get()));
            }
            closedWith = describe(closed.get());

            for (int i = 0; i < MESSAGES; i++) {
                String id = "after-restart-" + i;
                ledger.expect(id);
                channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        id.getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
            ledger.awaitAll(Duration.ofSeconds(10));
            Thread.sleep(200);
            ledger.verifyExactlyOnce();
            channel.queueDelete(QUEUE);
        }
        return "broker restarted in " + restartMillis + " ms; the client saw '" + closedWith + "', recovered "
                + "connection, queues and consumer, then " + MESSAGES + " messages arrived once each";
    }

    private static String describe(ShutdownSignalException signal) {
        if (signal == null) {
            return "no close seen";
        }
        Object reason = signal.getReason();
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyCode() + " " + close.getReplyText();
        }
        return signal.getCause() != null ? signal.getCause().toString() : String.valueOf(signal.getMessage());
    }
}
