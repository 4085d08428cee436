package dev.spool.it.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.spool.it.support.RunningBroker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Duplicates dropped are visible per queue and exchange: a {@code deduplication} object ({@code hits}, {@code size},
 * {@code capacity}, {@code durable}) in {@code /api/queues} and {@code /api/exchanges} items, the
 * {@code spool_queue_messages_deduplicated_total} and {@code spool_exchange_messages_deduplicated_total} counters per
 * object in {@code /metrics/per-object}, and their sums in {@code /metrics}.
 */
class DeduplicationMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void hitsAndWindowSizeAreShownInTheApiAndInPrometheusMetrics() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        String queue = broker.uniqueName("counted");
        channel.queueDeclare(queue, true, false, false, Map.of("x-message-deduplication", true, "x-cache-size", 50));
        String exchange = broker.uniqueName("counted-x");
        channel.exchangeDeclare(exchange, "fanout", false, false, Map.of("x-message-deduplication", true));
        channel.queueBind(queue, exchange, "");
        String plain = broker.uniqueName("plain");
        channel.queueDeclare(plain, false, false, false, null);
        for (int i = 0; i < 4; i++) {
            channel.basicPublish("", queue, id("q-" + (i % 2)), new byte[] {1}); // 2 accepted, 2 duplicates
        }
        for (int i = 0; i < 3; i++) {
            channel.basicPublish(exchange, "", id("x"), new byte[] {2}); // 1 routed, 2 duplicates
        }
        channel.waitForConfirmsOrDie(10_000);

        JsonNode q = json("/api/queues/%2F/" + encode(queue));
        assertThat(q.path("deduplication").path("hits").asLong()).isEqualTo(2);
        assertThat(q.path("deduplication").path("size").asInt()).as("q-0, q-1 and x").isEqualTo(3);
        assertThat(q.path("deduplication").path("capacity").asInt()).isEqualTo(50);
        assertThat(q.path("deduplication").path("durable").asBoolean()).isTrue();
        assertThat(json("/api/queues/%2F/" + encode(plain)).has("deduplication")).isFalse();
        JsonNode x = json("/api/exchanges/%2F/" + encode(exchange));
        assertThat(x.path("deduplication").path("hits").asLong()).isEqualTo(2);
        assertThat(x.path("deduplication").path("size").asInt()).isEqualTo(1);
        assertThat(x.path("deduplication").path("durable").asBoolean()).isFalse();
        boolean listed = false;
        for (JsonNode item : json("/api/queues")) {
            listed |= item.path("name").asText().equals(queue) && item.path("deduplication").path("hits").asLong() == 2;
        }
        assertThat(listed).as("the list shows it too").isTrue();

        String perObject = text("/metrics/per-object");
        assertThat(value(perObject, "spool_queue_messages_deduplicated_total{vhost=\"/\",queue=\"" + queue + "\"}"))
                .isEqualTo(2);
        assertThat(value(perObject, "spool_queue_deduplication_keys{vhost=\"/\",queue=\"" + queue + "\"}"))
                .isEqualTo(3);
        assertThat(value(perObject,
                "spool_exchange_messages_deduplicated_total{vhost=\"/\",exchange=\"" + exchange + "\"}"))
                .isEqualTo(2);
        assertThat(perObject).contains("# TYPE spool_queue_messages_deduplicated_total counter")
                .doesNotContain("spool_queue_messages_deduplicated_total{vhost=\"/\",queue=\"" + plain + "\"}");
        String aggregated = text("/metrics");
        assertThat(value(aggregated, "spool_queue_messages_deduplicated_total")).isGreaterThanOrEqualTo(2);
        assertThat(value(aggregated, "spool_exchange_messages_deduplicated_total")).isGreaterThanOrEqualTo(2);
    }

    private static AMQP.BasicProperties id(String messageId) {
        return new AMQP.BasicProperties.Builder().messageId(messageId).build();
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static JsonNode json(String path) throws Exception {
        return JSON.readTree(get(path, true));
    }

    private static String text(String path) throws Exception {
        return get(path, false);
    }

    private static String get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + path)).GET();
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as("a sample %s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
