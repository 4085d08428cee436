package dev.spool.engine.exchange;

import dev.spool.engine.ErrorCondition;
import dev.spool.engine.Messages;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class HeadersExchangeTest {
    private final Exchange headers = Exchange.create("h", Exchange.HEADERS, false, false, false, Map.of());
    private final Routes routes = new Routes(headers);

    private List<String> route(Map<String, Object> messageHeaders) {
        return routes.route(Messages.withHeaders(messageHeaders));
    }

    private static Map<String, Object> args(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void allIsTheDefaultAndNeedsEveryEntry() {
        routes.bind("q", "", args("format", "pdf", "type", "report"));
        assertThat(route(args("format", "pdf", "type", "report", "extra", 1))).containsExactly("q");
        assertThat(route(args("format", "pdf"))).isEmpty();
        assertThat(route(args("format", "pdf", "type", "log"))).isEmpty();
    }

    @Test
    void anyNeedsOneEntry() {
        routes.bind("q", "", args("x-match", "any", "format", "pdf", "type", "report"));
        assertThat(route(args("type", "report"))).containsExactly("q");
        assertThat(route(args("format", "zip", "type", "log"))).isEmpty();
    }

    @Test
    void xKeysAreIgnoredUnlessTheModeSaysWithX() {
        routes.bind("plain", "", args("x-match", "all", "x-tenant", "a", "k", "v"));
        routes.bind("withX", "", args("x-match", "all-with-x", "x-tenant", "a", "k", "v"));
        assertThat(route(args("k", "v"))).containsExactly("plain");
        assertThat(route(args("k", "v", "x-tenant", "a"))).containsExactlyInAnyOrder("plain", "withX");
    }

    @Test
    void anyWithXMatchesOnAnXKey() {
        routes.bind("q", "", args("x-match", "any-with-x", "x-tenant", "a", "k", "v"));
        assertThat(route(args("x-tenant", "a"))).containsExactly("q");
        assertThat(route(args("x-tenant", "b"))).isEmpty();
    }

    @Test
    void voidValueMatchesOnPresenceWhateverTheValue() {
        routes.bind("q", "", args("trace", null));
        assertThat(route(args("trace", "anything"))).containsExactly("q");
        assertThat(route(args("trace", 42))).containsExactly("q");
        assertThat(route(args("other", 1))).isEmpty();
    }

    @Test
    void allWithNoEntriesMatchesEverythingAndAnyWithNoneMatchesNothing() {
        routes.bind("all", "", args());
        routes.bind("any", "", args("x-match", "any"));
        assertThat(route(args())).containsExactly("all");
        assertThat(route(args("k", "v"))).containsExactly("all");
    }

    @Test
    void numbersMatchByValueAcrossWidths() {
        routes.bind("q", "", args("n", 5));
        assertThat(route(args("n", 5L))).containsExactly("q");
        assertThat(route(args("n", (byte) 5))).containsExactly("q");
        assertThat(route(args("n", 6L))).isEmpty();
    }

    @Test
    void routingKeyPlaysNoPart() {
        routes.bind("q", "ignored", args("k", "v"));
        assertThat(routes.route(Messages.message("", "other", Map.of("k", "v"), List.of(), "b")))
                .containsExactly("q");
    }

    @Test
    void unknownXMatchValueIsRefused() {
        assertFails(() -> routes.bind("q", "", args("x-match", "some")), ErrorCondition.PRECONDITION_FAILED,
                "Invalid x-match field value <<\"some\">>; expected all, any, all-with-x, or any-with-x");
    }

    @Test
    void nonStringXMatchIsRefused() {
        assertFails(() -> routes.bind("q", "", args("x-match", 5L)), ErrorCondition.PRECONDITION_FAILED,
                "Invalid x-match field type long (value 5); expected longstr");
    }

    @Test
    void unbindStopsRouting() {
        Binding binding = routes.bind("q", "", args("k", "v"));
        routes.bind("r", "", args("k", "v"));
        routes.unbind(binding);
        assertThat(route(args("k", "v"))).containsExactly("r");
    }
}
