package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.WireFormatException;
import dev.spool.engine.EngineException;
import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "NOT_FOUND, 404, NOT_FOUND, false",
        "PRECONDITION_FAILED, 406, PRECONDITION_FAILED, false",
        "RESOURCE_LOCKED, 405, RESOURCE_LOCKED, false",
        "ACCESS_REFUSED, 403, ACCESS_REFUSED, false",
        "NOT_ALLOWED, 530, NOT_ALLOWED, true",
        "RESOURCE_ERROR, 506, RESOURCE_ERROR, true",
        "COMMAND_INVALID, 503, COMMAND_INVALID, true",
        "NOT_IMPLEMENTED, 540, NOT_IMPLEMENTED, true",
        "INTERNAL_ERROR, 541, INTERNAL_ERROR, true",
    })
    void engineConditionsMapToRabbitMqReplyCodes(ErrorCondition condition, int code, String name,
                                                 boolean closesConnection) {
        CloseReason reason = ErrorMapper.map(new EngineException(condition, "detail text"), 50, 10);
        assertThat(reason.code().code()).isEqualTo(code);
        assertThat(reason.replyText()).isEqualTo(name + " - detail text");
        assertThat(reason.classId()).isEqualTo(50);
        assertThat(reason.methodId()).isEqualTo(10);
        assertThat(reason.closesConnection()).isEqualTo(closesConnection);
    }

    @Test
    void notFoundIsAChannelCloseNamingTheFailingMethod() {
        CloseReason reason = ErrorMapper.map(EngineException.notFound("no queue 'q' in vhost '/'"), 60, 20);
        assertThat(reason.channelClose().replyCode()).isEqualTo(404);
        assertThat(reason.channelClose().replyText()).isEqualTo("NOT_FOUND - no queue 'q' in vhost '/'");
        assertThat(TestConnection.failingMethod(reason.channelClose())).containsExactly(60, 20);
    }

    @Test
    void protocolErrorsKeepTheirOwnIdsWhenTheyNameThem() {
        CloseReason explicit = ErrorMapper.map(AmqpError.unexpectedFrame("expected method frame, got non method "
                + "frame instead", 0, 0), 60, 40);
        assertThat(explicit.code()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
        assertThat(explicit.classId()).isZero();
        assertThat(explicit.closesConnection()).isTrue();
        CloseReason own = ErrorMapper.map(AmqpError.preconditionFailed("unknown delivery tag 7"), 60, 80);
        assertThat(own.replyText()).isEqualTo("PRECONDITION_FAILED - unknown delivery tag 7");
        assertThat(own.classId()).isEqualTo(60);
        assertThat(own.methodId()).isEqualTo(80);
        assertThat(own.closesConnection()).isFalse();
    }

    @Test
    void channelErrorClosesTheConnection() {
        CloseReason reason = ErrorMapper.map(AmqpError.channelError("expected 'channel.open'"), 50, 10);
        assertThat(reason.code().code()).isEqualTo(504);
        assertThat(reason.replyText()).isEqualTo("CHANNEL_ERROR - expected 'channel.open'");
        assertThat(reason.closesConnection()).isTrue();
    }

    @Test
    void malformedContentIsASyntaxError() {
        CloseReason reason = ErrorMapper.map(new WireFormatException("bad table"), 60, 40);
        assertThat(reason.code()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(reason.closesConnection()).isTrue();
    }

    @Test
    void anythingUnexpectedIsAnInternalError() {
        CloseReason reason = ErrorMapper.map(new IllegalStateException("bug"), 60, 40);
        assertThat(reason.code().code()).isEqualTo(541);
        assertThat(reason.replyText()).isEqualTo("INTERNAL_ERROR");
        assertThat(reason.closesConnection()).isTrue();
    }

    @Test
    void shutdownIsConnectionForcedAsRabbitMqWordsIt() {
        CloseReason reason = ErrorMapper.forced("shutdown");
        assertThat(reason.connectionClose().replyCode()).isEqualTo(320);
        assertThat(reason.replyText())
                .isEqualTo("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
    }

    @Test
    void longDetailIsCutToAShortString() {
        CloseReason reason = ErrorMapper.map(EngineException.notFound("x".repeat(400)), 50, 10);
        assertThat(reason.replyText().length()).isLessThanOrEqualTo(255);
        assertThat(reason.replyText()).endsWith("...");
    }
}
