package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.codec.ReplyCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TuningTest {

    @ParameterizedTest(name = "server {0}, client {1} -> {2}")
    @CsvSource({
        "2047, 2047, 2047",
        "2047, 100, 100",
        "100, 2047, 100",
        "2047, 0, 2047",
        "0, 2047, 2047",
        "0, 0, 0",
    })
    void lowerNonZeroLimitWins(long server, long client, long negotiated) {
        assertThat(Tuning.lowerNonZero(server, client)).isEqualTo(negotiated);
    }

    @Test
    void channelMaxAndFrameMaxAreNegotiatedAndTheClientsHeartbeatIsTaken() {
        AmqpSettings server = AmqpSettings.defaults();
        assertThat(Tuning.negotiate(server, 0, 0, 30)).isEqualTo(new Tuning(2047, 131072, 30));
        assertThat(Tuning.negotiate(server, 10, 8192, 0)).isEqualTo(new Tuning(10, 8192, 0));
        assertThat(Tuning.negotiate(server, 2047, 131072, 60)).isEqualTo(new Tuning(2047, 131072, 60));
    }

    @Test
    void limitsAboveTheOfferAreRefusedAsRabbitMqRefusesThem() {
        AmqpSettings server = AmqpSettings.defaults();
        assertThatThrownBy(() -> Tuning.negotiate(server, 0, 131073, 0))
                .hasMessage("negotiated frame_max = 131073 is higher than the maximum allowed value (131072)");
        assertThatThrownBy(() -> Tuning.negotiate(server, 2048, 0, 0))
                .hasMessage("negotiated channel_max = 2048 is higher than the maximum allowed value (2047)");
        AmqpSettings unlimited = new AmqpSettings("0.0.0.0", 0, 0, 0, 0, 1, 1 << 20, 10);
        assertThat(Tuning.negotiate(unlimited, 65535, 1L << 30, 0)).isEqualTo(new Tuning(65535, 1L << 30, 0));
    }

    @Test
    void clientFrameMaxBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> Tuning.negotiate(AmqpSettings.defaults(), 0, 4095, 0))
                .isInstanceOfSatisfying(AmqpError.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_ALLOWED);
                    assertThat(e.classId()).isEqualTo(10);
                    assertThat(e.methodId()).isEqualTo(30);
                });
    }
}
