package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Management reports the resource alarms that really block publishers: the alarm health checks answer 503 with
 * RabbitMQ's JSON while one is on, {@code /api/nodes} shows it with the limits and what they measure, and the
 * {@code rabbitmq_alarms_*} gauges are 1. The disk alarm is set by moving the free-disk limit above the free space.
 */
class AlarmStateTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> config.withDiskFreeLimit(0));

    private final ManagementHttp http = new ManagementHttp(broker.httpUrl(), "guest", "guest");

    @AfterEach
    void clearDiskAlarm() {
        broker.server().alarms().diskFreeLimit(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.server().alarms().reason() == null);
    }

    @Test
    void withoutAlarmsTheChecksPassAndNodesShowTheLimits() {
        assertThat(http.get("/api/health/checks/alarms").json().path("status").asText()).isEqualTo("ok");
        assertThat(http.get("/api/health/checks/local-alarms").status()).isEqualTo(200);

        JsonNode node = http.get("/api/nodes").json().get(0);
        assertThat(node.path("mem_alarm").asBoolean()).isFalse();
        assertThat(node.path("disk_free_alarm").asBoolean()).isFalse();
        assertThat(node.path("disk_free_limit").asLong()).isZero();
        assertThat(node.path("mem_limit").asLong()).isEqualTo((long) (broker.server().config().memoryHighWatermark()
                * Runtime.getRuntime().maxMemory()));
        assertThat(node.path("mem_used").asLong()).isPositive();
        assertThat(node.path("disk_free").asLong()).isPositive();
    }

    @Test
    void diskAlarmMakesTheAlarmChecksFailWith503AndShowsInNodesAndMetrics() {
        broker.server().alarms().diskFreeLimit(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> "low on disk".equals(broker.server().alarms().reason()));

        ManagementHttp.Reply check = http.get("/api/health/checks/alarms");
        assertThat(check.status()).isEqualTo(503);
        JsonNode failed = check.json();
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).isEqualTo("There are alarms in effect in the cluster");
        assertThat(failed.path("alarms")).hasSize(1);
        assertThat(failed.path("alarms").get(0).path("resource").asText()).isEqualTo("disk");
        assertThat(failed.path("alarms").get(0).path("node").asText()).startsWith("spool@");
        ManagementHttp.Reply local = http.get("/api/health/checks/local-alarms");
        assertThat(local.status()).isEqualTo(503);
        assertThat(local.json().path("reason").asText()).isEqualTo("There are alarms in effect on the node");

        JsonNode node = http.get("/api/nodes").json().get(0);
        assertThat(node.path("disk_free_alarm").asBoolean()).isTrue();
        assertThat(node.path("mem_alarm").asBoolean()).isFalse();
        assertThat(node.path("disk_free_limit").asLong()).isEqualTo(Long.MAX_VALUE);

        String metrics = http.anonymous().get("/metrics").body();
        assertThat(metrics).containsPattern("(?m)^rabbitmq_alarms_free_disk_space_watermark 1(\\.0)?$")
                .containsPattern("(?m)^rabbitmq_alarms_memory_used_watermark 0(\\.0)?$");

        broker.server().alarms().diskFreeLimit(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/health/checks/alarms").status() == 200);
        assertThat(http.anonymous().get("/metrics").body())
                .containsPattern("(?m)^rabbitmq_alarms_free_disk_space_watermark 0(\\.0)?$");
    }
}
