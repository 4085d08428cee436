package dev.spool.management.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void familiesHaveHelpAndTypeOnceThenTheirSamples() {
        String text = new PrometheusText().family("rabbitmq_queues", "gauge", "Queues available")
                .sample("rabbitmq_queues", 3).toString();

        assertThat(text).isEqualTo("# HELP rabbitmq_queues Queues available\n# TYPE rabbitmq_queues gauge\n"
                + "rabbitmq_queues 3\n");
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new PrometheusText().sample("m", 1, "queue", "a\"b\\c\nd").toString();

        assertThat(text).isEqualTo("m{queue=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void fractionsKeepTheirDecimals() {
        assertThat(new PrometheusText().sample("age", 1.5).toString()).isEqualTo("age 1.5\n");
    }
}
