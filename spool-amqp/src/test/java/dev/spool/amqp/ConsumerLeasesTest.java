package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicConsumeOk;
import dev.spool.codec.method.BasicDeliver;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.engine.Broker;
import dev.spool.engine.BrokerSettings;
import dev.spool.engine.ManualTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The consumer timeout's timer: one per channel at its earliest deadline, none when no timeout applies. */
class ConsumerLeasesTest {
    private final ManualTime time = new ManualTime(1_000_000);
    private final Broker broker = new Broker(BrokerSettings.defaults(), time);

    @Test
    void oneTimerServesEveryDeliveryOfTheChannel() {
        try (TestConnection c = consume(Map.of("x-consumer-timeout", 60_000), 50)) {
            assertThat(time.pending()).isEqualTo(1);
            c.send(1, new BasicAck(50, true));
            assertThat(c.isQuiet()).isTrue();
            assertThat(time.pending()).as("not cancelled on ack: it fires once and finds nothing due").isEqualTo(1);

            time.advance(60_001);

            assertThat(c.isQuiet()).isTrue();
            assertThat(time.pending()).isZero();
        }
    }

    @Test
    void aLaterDeadlineArmsNoTimerAndTheTimerMovesOnToTheNextDeadline() {
        try (TestConnection c = consume(Map.of("x-consumer-timeout", 60_000), 1)) {
            time.advance(30_000);
            publish(c, 2);
            expectDelivery(c);
            assertThat(time.dueTimes()).containsExactly(1_060_000L);

            c.send(1, new BasicAck(1, false));
            time.advance(30_000); // fires at 1 060 000: nothing due, re-armed for the second delivery
            assertThat(c.isQuiet()).isTrue();

            assertThat(time.dueTimes()).containsExactly(1_090_000L);
        }
    }

    @Test
    void deliveriesWithoutATimeoutArmNoTimer() {
        try (TestConnection c = consume(Map.of("x-consumer-timeout", 0), 20)) {
            assertThat(c.isQuiet()).isTrue();
            assertThat(time.pending()).isZero();
        }
    }

    private TestConnection consume(Map<String, Object> arguments, int messages) {
        TestConnection c = TestConnection.open(broker, AmqpSettings.defaults());
        c.openChannel(1);
        c.send(1, new QueueDeclare(0, "q", false, false, false, false, false, FieldTable.of(arguments)));
        c.expect(1, QueueDeclareOk.class);
        c.send(1, new BasicConsume(0, "q", "c", false, false, false, false, FieldTable.EMPTY));
        c.expect(1, BasicConsumeOk.class);
        for (int i = 0; i < messages; i++) {
            publish(c, i);
            expectDelivery(c);
        }
        return c;
    }

    private static void publish(TestConnection c, int body) {
        c.sendBytes(TestConnection.publishFrames(1, new BasicPublish(0, "", "q", false, false),
                BasicProperties.EMPTY, new byte[] {(byte) body}, 131072));
    }

    private static void expectDelivery(TestConnection c) {
        c.expect(1, BasicDeliver.class);
        c.expectContent(1);
    }
}
