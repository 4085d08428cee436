package dev.spool.engine.delay;

import dev.spool.engine.ErrorCondition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class DelayedMessagesTest {

    @Test
    void theDelayHeaderIsReadAsThePluginReadsIt() {
        assertThat(DelayHeader.delayOf(Map.of("x-delay", 5_000))).isEqualTo(5_000);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", (short) 7))).isEqualTo(7);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", 9_000_000_000L))).isEqualTo(9_000_000_000L);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", "1500"))).isEqualTo(1_500);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", 2.9))).isEqualTo(2);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", new BigDecimal("3.5")))).isEqualTo(3);
    }

    @Test
    void noValidPositiveDelayRoutesAtOnce() {
        assertThat(DelayHeader.delayOf(Map.of())).isEqualTo(DelayHeader.NO_DELAY);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", 0))).isEqualTo(DelayHeader.NO_DELAY);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", -500))).isEqualTo(DelayHeader.NO_DELAY);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", "soon"))).isEqualTo(DelayHeader.NO_DELAY);
        assertThat(DelayHeader.delayOf(Map.of("x-delay", true))).isEqualTo(DelayHeader.NO_DELAY);
        Map<String, Object> voidHeader = new HashMap<>();
        voidHeader.put("x-delay", null);
        assertThat(DelayHeader.delayOf(voidHeader)).isEqualTo(DelayHeader.NO_DELAY);
    }

    @Test
    void aDelayedMessageLeavesWithTheNegatedDelaySoItIsNotDelayedTwice() {
        Map<String, Object> after = DelayHeader.afterDelay(Map.of("x-delay", 5_000, "app", "a"), 5_000);

        assertThat(after).containsEntry("x-delay", -5_000).containsEntry("app", "a");
        assertThat(DelayHeader.delayOf(after)).isEqualTo(DelayHeader.NO_DELAY);
        assertThat(DelayHeader.afterDelay(Map.of(), 1L << 40)).containsEntry("x-delay", -(1L << 40));
    }

    @Test
    void theDelayedExchangeNeedsAnExistingRoutingType() {
        assertThat(DelayedExchangeArguments.checkDeclare(Map.of("x-delayed-type", "topic"))).isEqualTo("topic");
        assertFails(() -> DelayedExchangeArguments.checkDeclare(Map.of()), ErrorCondition.PRECONDITION_FAILED,
                "Invalid argument, 'x-delayed-type' must be an existing exchange type");
        assertFails(() -> DelayedExchangeArguments.checkDeclare(Map.of("x-delayed-type", 1)),
                ErrorCondition.PRECONDITION_FAILED,
                "Invalid argument, 'x-delayed-type' must be an existing exchange type");
        assertFails(() -> DelayedExchangeArguments.checkDeclare(Map.of("x-delayed-type", "sideways")),
                ErrorCondition.COMMAND_INVALID, "unknown exchange type 'sideways'");
    }
}
