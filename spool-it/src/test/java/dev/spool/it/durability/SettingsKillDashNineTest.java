package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.spool.it.support.BrokerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What management sets at run time survives {@code kill -9}: policies and operator policies (applied again to the
 * recovered queues), topic permissions, per-vhost and per-user limits and vhost metadata. Everything is set and read
 * back over the management API of a broker running as a separate process.
 */
class SettingsKillDashNineTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Pattern MANAGEMENT_PORT = Pattern.compile("management on http://[^:/]+:(\\d+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void policiesTopicPermissionsLimitsAndVhostMetadataSurviveKillDashNine() throws Exception {
        try (BrokerProcess broker = start(1)) {
            String api = managementUrl(broker);
            try (Connection connection = broker.connectionFactory().newConnection("setup")) {
                Channel channel = connection.createChannel();
                channel.queueDeclare("work", true, false, false, null);
                channel.exchangeDeclare("orders", "direct", true);
            }
            put(api, "/api/vhosts/shop", "{\"description\":\"Orders and billing\",\"tags\":\"prod,eu\","
                    + "\"default_queue_type\":\"classic\"}");
            put(api, "/api/users/app", "{\"password\":\"app-secret\",\"tags\":\"\"}");
            put(api, "/api/permissions/shop/app", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
            put(api, "/api/policies/%2F/limits", "{\"pattern\":\"^work$\",\"apply-to\":\"queues\",\"priority\":2,"
                    + "\"definition\":{\"max-length\":100,\"dead-letter-exchange\":\"dlx\","
                    + "\"retry-delays\":[100,500]}}");
            put(api, "/api/policies/%2F/ae", "{\"pattern\":\"^orders$\",\"apply-to\":\"exchanges\","
                    + "\"definition\":{\"alternate-exchange\":\"lost\"}}");
            put(api, "/api/policies/%2F/gone", "{\"pattern\":\".*\",\"definition\":{\"expires\":60000}}");
            assertThat(send(api, "DELETE", "/api/policies/%2F/gone", null).statusCode()).isEqualTo(204);
            put(api, "/api/operator-policies/%2F/caps", "{\"pattern\":\".*\",\"apply-to\":\"queues\","
                    + "\"definition\":{\"max-length\":50}}");
            put(api, "/api/topic-permissions/shop/app", "{\"exchange\":\"amq.topic\",\"write\":\"^app\\\\.\","
                    + "\"read\":\".*\"}");
            put(api, "/api/vhost-limits/shop/max-queues", "{\"value\":5}");
            put(api, "/api/user-limits/app/max-connections", "{\"value\":3}");
            broker.killDashNine();
        }

        try (BrokerProcess broker = start(2)) {
            String api = managementUrl(broker);

            assertThat(get(api, "/api/policies/%2F").findValuesAsText("name")).containsExactlyInAnyOrder("limits",
                    "ae");
            JsonNode limits = get(api, "/api/policies/%2F/limits");
            assertThat(limits.get("priority").asInt()).isEqualTo(2);
            assertThat(limits.get("apply-to").asText()).isEqualTo("queues");
            assertThat(limits.get("definition")).isEqualTo(JSON.readTree(
                    "{\"max-length\":100,\"dead-letter-exchange\":\"dlx\",\"retry-delays\":[100,500]}"));
            assertThat(get(api, "/api/operator-policies/%2F/caps").at("/definition/max-length").asInt())
                    .isEqualTo(50);
            JsonNode work = get(api, "/api/queues/%2F/work");
            assertThat(work.get("policy").asText()).isEqualTo("limits");
            assertThat(work.get("operator_policy").asText()).isEqualTo("caps");
            assertThat(work.at("/effective_policy_definition/max-length").asInt()).isEqualTo(50);
            assertThat(get(api, "/api/exchanges/%2F/orders").get("policy").asText()).isEqualTo("ae");

            JsonNode shop = get(api, "/api/vhosts/shop");
            assertThat(shop.get("description").asText()).isEqualTo("Orders and billing");
            assertThat(shop.get("tags").toString()).isEqualTo("[\"prod\",\"eu\"]");
            JsonNode topic = get(api, "/api/topic-permissions/shop/app");
            assertThat(topic.size()).isEqualTo(1);
            assertThat(topic.get(0).get("exchange").asText()).isEqualTo("amq.topic");
            assertThat(topic.get(0).get("write").asText()).isEqualTo("^app\\.");
            assertThat(get(api, "/api/vhost-limits/shop").toString())
                    .isEqualTo("[{\"vhost\":\"shop\",\"value\":{\"max-queues\":5}}]");
            assertThat(get(api, "/api/user-limits/app").toString())
                    .isEqualTo("[{\"user\":\"app\",\"value\":{\"max-connections\":3}}]");
        }
    }

    private BrokerProcess start(int run) throws IOException {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker-" + run + ".log"), JVM, List.of());
    }

    /** The management API's base URL, from the line the broker logs once it has started. */
    private static String managementUrl(BrokerProcess broker) {
        String[] port = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher matcher = MANAGEMENT_PORT.matcher(broker.output());
            if (matcher.find()) {
                port[0] = matcher.group(1);
                return true;
            }
            return false;
        });
        return "http://127.0.0.1:" + port[0];
    }

    private void put(String api, String path, String body) throws Exception {
        HttpResponse<String> response = send(api, "PUT", path, body);
        assertThat(response.statusCode()).as("PUT %s: %s", path, response.body()).isIn(201, 204);
    }

    private JsonNode get(String api, String path) throws Exception {
        HttpResponse<String> response = send(api, "GET", path, null);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String api, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "guest:guest".getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
