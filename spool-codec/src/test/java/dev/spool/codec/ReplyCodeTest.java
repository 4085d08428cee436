package dev.spool.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ReplyCodeTest {

    @Test
    void everyCodeOfTheSpecHasRabbitMqsName() {
        assertThat(Arrays.stream(ReplyCode.values()).mapToInt(ReplyCode::code)).containsExactly(
                200, 311, 312, 313, 320, 402, 403, 404, 405, 406, 501, 502, 503, 504, 505, 506, 530, 540, 541);
        assertThat(ReplyCode.of(404)).isEqualTo(ReplyCode.NOT_FOUND);
        assertThat(ReplyCode.of(312)).isEqualTo(ReplyCode.NO_ROUTE);
        assertThat(ReplyCode.of(999)).isNull();
    }

    @Test
    void hardErrorsCloseTheConnectionAsRabbitMqDecides() {
        EnumSet<ReplyCode> hard = EnumSet.noneOf(ReplyCode.class);
        for (ReplyCode code : ReplyCode.values()) {
            if (code.hardError()) {
                hard.add(code);
            }
        }
        assertThat(hard).containsExactlyInAnyOrder(ReplyCode.CONNECTION_FORCED, ReplyCode.INVALID_PATH,
                ReplyCode.FRAME_ERROR, ReplyCode.SYNTAX_ERROR, ReplyCode.COMMAND_INVALID, ReplyCode.CHANNEL_ERROR,
                ReplyCode.UNEXPECTED_FRAME, ReplyCode.RESOURCE_ERROR, ReplyCode.NOT_ALLOWED,
                ReplyCode.NOT_IMPLEMENTED, ReplyCode.INTERNAL_ERROR);
        assertThat(ReplyCode.PRECONDITION_FAILED.softError()).isTrue();
        assertThat(ReplyCode.NO_ROUTE.softError()).isTrue();
        assertThat(ReplyCode.REPLY_SUCCESS.softError()).isFalse();
        assertThat(ReplyCode.REPLY_SUCCESS.hardError()).isFalse();
    }

    @Test
    void replyTextIsNameDashDetail() {
        assertThat(ReplyCode.NOT_FOUND.replyText("no queue 'q' in vhost '/'"))
                .isEqualTo("NOT_FOUND - no queue 'q' in vhost '/'");
    }

    @Test
    void replyTextLongerThanAShortStringIsCutTo252BytesAndAnEllipsis() {
        String text = ReplyCode.PRECONDITION_FAILED.replyText("x".repeat(400));
        assertThat(text).hasSize(255).endsWith("...").startsWith("PRECONDITION_FAILED - xxx");
        String multiByte = ReplyCode.truncate("é".repeat(200));
        assertThat(multiByte.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(multiByte).doesNotContain("\uFFFD").endsWith("é...");
    }
}
