package dev.spool.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicPublish;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs each codec benchmark's operation a few times outside JMH, so that a benchmark measuring the wrong thing (frames
 * rejected, an empty table, a short buffer) fails the build instead of printing a fine-looking number.
 */
class CodecBenchmarkFixturesTest {
    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void publishFramesDecodeToPublishPropertiesAndWholeBody() {
        for (String properties : new String[] {"minimal", "typical"}) {
            PublishDecodeBenchmark benchmark = new PublishDecodeBenchmark();
            benchmark.properties = properties;
            benchmark.setUp();
            for (int i = 0; i < 3; i++) {
                benchmark.decodePublishFrames(BLACKHOLE);
            }
            PublishDecodeBenchmark.PublishSink sink = benchmark.sink();
            assertThat(sink.frames).isEqualTo(1 + 3 * 3); // the protocol header, then three frames per operation
            assertThat(sink.publish).isEqualTo(new BasicPublish(0, TypicalMessage.EXCHANGE,
                    TypicalMessage.ROUTING_KEY, false, false));
            assertThat(sink.deliveryMode).isEqualTo(1);
            assertThat(sink.bodySize).isEqualTo(TypicalMessage.BODY_SIZE);
            assertThat(sink.headers).isEqualTo("typical".equals(properties) ? TypicalMessage.headers() : null);
            assertThat(benchmark.decodePublishArguments()).isEqualTo(sink.publish);
            benchmark.tearDown();
        }
    }

    @Test
    void bothDeliverEncodingsWriteTheSameNumberOfOctets() {
        DeliverEncodeBenchmark benchmark = new DeliverEncodeBenchmark();
        benchmark.setUp();
        int direct = benchmark.encodeDeliver();
        int viaContentFrames = benchmark.encodeDeliverContentFrames();
        assertThat(direct).isEqualTo(viaContentFrames).isGreaterThan(TypicalMessage.BODY_SIZE + 3 * 8);
    }

    @Test
    void headersTableRoundTripsThroughTheBenchmarkBuffers() {
        FieldTableBenchmark benchmark = new FieldTableBenchmark();
        benchmark.setUp();
        FieldTable decoded = benchmark.decodeHeaders();
        assertThat(decoded).isEqualTo(TypicalMessage.headers());
        assertThat(decoded.size()).isEqualTo(8);
        assertThat(benchmark.encodeHeaders()).isGreaterThan(4 + 8 * 4);
        benchmark.tearDown();
    }
}
