package dev.spool.examples.signup;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email workers: one connection, one channel per worker, each with {@code basic.qos(prefetch)} and one consumer
 * on {@link Topology#WORK_QUEUE} with manual acks. The broker spreads the messages over the consumers and never
 * lets one hold more than its prefetch unacknowledged.
 *
 * <p>Threads: started and closed by the main thread; the workers run on the client library's consumer threads.
 * Closing the connection returns every unacknowledged message to the queue.
 */
final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final Republisher republisher;

    WorkerPool(ConnectionFactory factory, Settings settings, MailServer mailServer)
            throws IOException, TimeoutException {
        connection = factory.newConnection("signup-workers");
        publisher = new ConfirmedPublisher(connection);
        republisher = new Republisher(publisher);
        DeadLettering deadLettering = settings.deadLettering().create(republisher);
        for (int number = 1; number <= settings.workers(); number++) {
            Channel channel = connection.createChannel();
            if (number == 1) {
                Topology.declare(channel);
            }
            channel.basicQos(settings.prefetch());
            channel.basicConsume(Topology.WORK_QUEUE, false, "signup-worker-" + number,
                    new WelcomeEmailWorker(channel, number, mailServer, republisher, deadLettering, settings));
        }
        LOG.info("{} email workers consuming from {} (prefetch {}, {} retries, dead-lettering by the {})",
                settings.workers(), Topology.WORK_QUEUE, settings.prefetch(), settings.maxRetries(),
                settings.deadLettering().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() throws Exception {
        republisher.close();
        publisher.close();
        connection.close();
    }
}
