package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spool.it.support.RunningBroker;
import dev.spool.server.ConfigLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory alarm as management reports it, with the lowest high-water mark (a tenth of the heap): holding a few
 * hundred megabytes in this JVM sets it, letting them go clears it, and {@code /api/nodes}, the alarm health check
 * and the memory gauge follow.
 */
class MemoryAlarmTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> ConfigLoader.load(null,
                    Map.of("SPOOL_MEMORY_HIGH_WATERMARK", "0.1"), Map.of())
            .withAmqpPort(0).withHttpPort(0).withDataDir(config.dataDir()));

    private final ManagementHttp http = new ManagementHttp(broker.httpUrl(), "guest", "guest");

    @Test
    void holdingMoreThanTheHighWatermarkSetsTheMemoryAlarmAndReleasingItClearsIt() {
        long limit = http.get("/api/nodes").json().get(0).path("mem_limit").asLong();
        assertThat(limit).isEqualTo((long) (0.1 * Runtime.getRuntime().maxMemory()));
        List<byte[]> held = new ArrayList<>();
        for (long bytes = 0; bytes < 3 * limit; bytes += 1 << 20) {
            held.add(new byte[1 << 20]);
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            System.gc();
            return "low on memory".equals(broker.server().alarms().reason());
        });
        JsonNode node = http.get("/api/nodes").json().get(0);
        assertThat(node.path("mem_alarm").asBoolean()).isTrue();
        assertThat(node.path("mem_used").asLong()).isGreaterThan(limit);
        ManagementHttp.Reply check = http.get("/api/health/checks/alarms");
        assertThat(check.status()).isEqualTo(503);
        assertThat(check.json().path("alarms").get(0).path("resource").asText()).isEqualTo("memory");
        assertThat(http.anonymous().get("/metrics").body())
                .containsPattern("(?m)^rabbitmq_alarms_memory_used_watermark 1(\\.0)?$");
        assertThat(held).isNotEmpty(); // held until here

        held.clear();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            System.gc();
            return broker.server().alarms().reason() == null;
        });
        assertThat(http.get("/api/nodes").json().get(0).path("mem_alarm").asBoolean()).isFalse();
        assertThat(http.get("/api/health/checks/alarms").status()).isEqualTo(200);
    }
}
