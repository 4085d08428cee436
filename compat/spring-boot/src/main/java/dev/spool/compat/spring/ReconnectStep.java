package dev.spool.compat.spring;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.stereotype.Component;

/**
 * The service keeps working when the broker restarts under it: before the restart a persistent backlog goes to a
 * durable queue (checked by {@link DurableBacklogStep}) and a listener consumes a second queue; after it, Spring must
 * open a new connection, {@code RabbitAdmin} must declare the topology again, the listener container must recover
 * its consumer on its own, and 50 confirmed messages sent with the template must reach it exactly once.
 */
@Component
class ReconnectStep implements Step {

    private static final int MESSAGES = 50;

    private final CompatSettings settings;
    private final Publishing publishing;
    private final AmqpAdmin admin;
    private final Listeners listeners;
    private final Deliveries deliveries;
    private final CachingConnectionFactory connectionFactory;

    ReconnectStep(CompatSettings settings, Publishing publishing, AmqpAdmin admin, Listeners listeners,
                  Deliveries deliveries, CachingConnectionFactory connectionFactory) {
        this.settings = settings;
        this.publishing = publishing;
        this.admin = admin;
        this.listeners = listeners;
        this.deliveries = deliveries;
        this.connectionFactory = connectionFactory;
    }

    @Override
    public String name() {
        return "reconnect";
    }

    @Override
    public String run() throws Exception {
        admin.purgeQueue(Topology.AFTER_RESTART, false);
        DurableBacklogStep.publishBacklog(admin, publishing);
        Ledger ledger = new Ledger("after restart");
        deliveries.watch(Topology.AFTER_RESTART, ledger);
        listeners.start("after-restart");

        AtomicReference<ShutdownSignalException> closed = new AtomicReference<>();
        AtomicInteger opened = new AtomicInteger();
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                opened.incrementAndGet();
            }

            @Override
            public void onShutDown(ShutdownSignalException signal) {
                closed.compareAndSet(null, signal);
            }
        });
        long restartMillis = BrokerRestart.run(settings.restartCommand());

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add("after-restart-" + i);
            ledger.expect("after-restart-" + i);
        }
        publishing.sendConfirmed("", Topology.AFTER_RESTART, ids);
        try {
            ledger.awaitAll(Duration.ofSeconds(20));
            Thread.sleep(200);
            ledger.verifyExactlyOnce();
            deliveries.verifyNoProblems();
        } finally {
            listeners.stop("after-restart");
        }
        if (opened.get() == 0) {
            throw new CheckFailure("Spring never opened a new connection after the restart");
        }
        return "broker restarted in " + restartMillis + " ms; Spring saw '" + describe(closed.get()) + "', opened a "
                + "new connection, redeclared the topology, the listener recovered and " + MESSAGES
                + " messages arrived once each";
    }

    private static String describe(ShutdownSignalException signal) {
        if (signal == null) {
            return "no close";
        }
        if (signal.getReason() instanceof AMQP.Connection.Close close) {
            return close.getReplyCode() + " " + close.getReplyText();
        }
        return String.valueOf(signal.getMessage());
    }
}
