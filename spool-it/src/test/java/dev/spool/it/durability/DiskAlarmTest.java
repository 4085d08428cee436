package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disk alarm, as RabbitMQ's: once free disk space is below the limit, a connection that publishes is blocked
 * (connection.blocked "low on disk", nothing more read from it) while consumers keep draining; once space is above
 * the limit again, connection.unblocked comes and the held publish goes through. The test moves the limit instead of
 * filling a disk: above the free space, then back to 0.
 */
class DiskAlarmTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> config.withDiskFreeLimit(0));

    @Test
    void publisherIsBlockedBelowTheFreeDiskLimitAndUnblockedOnceItClears() throws Exception {
        String queue = broker.uniqueName("alarm");
        Connection publisherConnection = broker.newConnection();
        BlockingQueue<String> notices = new LinkedBlockingQueue<>();
        publisherConnection.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                notices.add("blocked: " + reason);
            }

            @Override
            public void handleUnblocked() {
                notices.add("unblocked");
            }
        });
        Channel publisher = RunningBroker.openChannel(publisherConnection);
        publisher.queueDeclare(queue, true, false, false, null);
        publisher.confirmSelect();
        publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, bytes("before"));
        publisher.waitForConfirmsOrDie(5_000);
        Channel consumer = broker.newChannel();

        broker.server().alarms().diskFreeLimit(Long.MAX_VALUE);
        awaitAlarm("low on disk");
        // the broker blocks a connection at its next publish once it has heard of the alarm (on the connection's own
        // thread): publish until it has
        int during = 0;
        String notice = null;
        while (notice == null && during < 50) {
            publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, bytes("during"));
            during++;
            notice = notices.poll(200, TimeUnit.MILLISECONDS);
        }

        assertThat(notice).isEqualTo("blocked: low on disk");
        GetResponse drained = consumer.basicGet(queue, true);
        assertThat(new String(drained.getBody(), StandardCharsets.UTF_8)).as("consumers keep draining")
                .isEqualTo("before");

        broker.server().alarms().diskFreeLimit(0);

        assertThat(notices.poll(10, TimeUnit.SECONDS)).isEqualTo("unblocked");
        publisher.waitForConfirmsOrDie(5_000);
        for (int i = 0; i < during; i++) {
            GetResponse held = consumer.basicGet(queue, true);
            assertThat(held).as("publish %d of %d made during the alarm", i + 1, during).isNotNull();
            assertThat(new String(held.getBody(), StandardCharsets.UTF_8)).isEqualTo("during");
        }
    }

    private static void awaitAlarm(String reason) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reason.equals(broker.server().alarms().reason())) {
            assertThat(System.nanoTime()).as("alarm '%s' within 10 s", reason).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
