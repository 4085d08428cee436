package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics} and {@code /metrics/per-object} in Prometheus' text format with RabbitMQ's metric names. */
class MetricsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as("a sample %s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aggregatedMetricsCountWhatAmqpClientsDid() throws Exception {
        ManagementHttp http = new ManagementHttp(broker.httpUrl(), null, null);
        String before = http.get("/metrics").body();
        double received = value(before, "rabbitmq_global_messages_received_total");
        double acked = value(before, "rabbitmq_global_messages_acknowledged_total");
        double delivered = value(before, "rabbitmq_global_messages_delivered_total");

        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", queue, null, "m".getBytes(StandardCharsets.UTF_8));
        }
        await().until(() -> broker.existingQueue(queue).messageCount() == 10);
        GetResponse got = channel.basicGet(queue, false);
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        channel.basicGet(queue, false);
        channel.queueDeclare(); // a round trip, so the ack was handled
        broker.sampleStats();

        ManagementHttp.Reply reply = http.get("/metrics");
        String after = reply.body();
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        assertThat(value(after, "rabbitmq_global_messages_received_total") - received).isEqualTo(10);
        assertThat(value(after, "rabbitmq_global_messages_delivered_total") - delivered).isEqualTo(2);
        assertThat(value(after, "rabbitmq_global_messages_acknowledged_total") - acked).isEqualTo(1);
        assertThat(value(after, "rabbitmq_global_messages_delivered_get_manual_ack_total")).isGreaterThanOrEqualTo(2);
        assertThat(value(after, "rabbitmq_queue_messages_ready")).isGreaterThanOrEqualTo(8);
        assertThat(value(after, "rabbitmq_queue_messages_unacked")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "rabbitmq_queue_messages")).isGreaterThanOrEqualTo(9);
        assertThat(value(after, "rabbitmq_connections")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "rabbitmq_channels")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "rabbitmq_queues")).isGreaterThanOrEqualTo(2);
        assertThat(after).contains("# TYPE rabbitmq_global_messages_received_total counter")
                .contains("# TYPE rabbitmq_queue_messages_ready gauge")
                .doesNotContain("queue=\"" + queue + "\"");
    }

    @Test
    void perObjectMetricsCarryVhostAndQueueLabels() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("labelled");
        channel.queueDeclare(queue, false, false, false, null);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, "m".getBytes(StandardCharsets.UTF_8));
        }
        await().until(() -> broker.existingQueue(queue).messageCount() == 3);

        String text = new ManagementHttp(broker.httpUrl(), null, null).get("/metrics/per-object").body();

        String labels = "{vhost=\"/\",queue=\"" + queue + "\"}";
        assertThat(value(text, "rabbitmq_queue_messages_ready" + labels)).isEqualTo(3);
        assertThat(value(text, "rabbitmq_queue_messages_unacked" + labels)).isZero();
        assertThat(value(text, "rabbitmq_queue_messages" + labels)).isEqualTo(3);
        assertThat(value(text, "rabbitmq_queue_consumers" + labels)).isZero();
        assertThat(value(text, "rabbitmq_queue_messages_published_total" + labels)).isEqualTo(3);
        assertThat(value(text, "spool_queue_oldest_ready_age_seconds" + labels)).isGreaterThanOrEqualTo(0);
    }
}
