package dev.spool.engine;

import dev.spool.engine.auth.User;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.spool.engine.EngineExceptions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

class BrokerTest {
    private final Broker broker = new Broker(BrokerSettings.defaults());

    @Test
    void defaultsAreRabbitMqs() {
        assertThat(BrokerSettings.defaults()).isEqualTo(new BrokerSettings("guest", "guest", "/", Set.of("guest")));
    }

    @Test
    void startsWithTheDefaultVhostAndUser() {
        assertThat(broker.vhost("/")).isNotNull();
        assertThat(broker.vhost("/").findExchange("amq.direct")).isNotNull();
        assertThat(broker.users().get("guest").tags()).contains("administrator");
    }

    @Test
    void guestAuthenticatesFromLoopback() {
        User guest = broker.authenticate("guest", "guest", true);
        assertThat(guest.name()).isEqualTo("guest");
        assertThat(broker.canAccessVhost(guest, "/")).isTrue();
    }

    @Test
    void guestIsRefusedFromANonLoopbackAddress() {
        assertFails(() -> broker.authenticate("guest", "guest", false), ErrorCondition.ACCESS_REFUSED,
                "user 'guest' can only connect via localhost");
    }

    @Test
    void wrongPasswordIsRefusedBeforeTheLoopbackRule() {
        assertFails(() -> broker.authenticate("guest", "nope", false), ErrorCondition.ACCESS_REFUSED,
                "user 'guest' - invalid credentials");
    }

    @Test
    void unknownUserIsRefused() {
        assertFails(() -> broker.authenticate("mallory", "guest", true), ErrorCondition.ACCESS_REFUSED,
                "user 'mallory' - invalid credentials");
    }

    @Test
    void otherUsersMayConnectFromAnywhere() {
        broker.users().add("app", "pw", Set.of());
        assertThat(broker.authenticate("app", "pw", false).name()).isEqualTo("app");
        assertThat(broker.canAccessVhost(broker.users().get("app"), "/")).as("no permissions yet").isFalse();
    }

    @Test
    void vhostAccessNeedsAnExistingVhost() {
        User guest = broker.authenticate("guest", "guest", true);
        assertThat(broker.canAccessVhost(guest, "nowhere")).isFalse();
        assertThat(broker.vhost("nowhere")).isNull();
    }

    @Test
    void createVhostIsIdempotent() {
        VirtualHost first = broker.createVhost("staging");
        assertThat(broker.createVhost("staging")).isSameAs(first);
        assertThat(broker.vhost("staging")).isSameAs(first);
        assertThat(broker.vhosts()).hasSize(2);
    }

    @Test
    void vhostsGetTheBrokersClock() {
        ManualClock clock = new ManualClock(1_000);
        Broker timed = new Broker(BrokerSettings.defaults(), clock);
        clock.advance(500);
        assertThat(timed.vhost("/").clock().millis()).isEqualTo(1_500);
    }

    @Test
    void blankPasswordIsRefusedEvenWhenItWouldMatch() {
        broker.users().add("blank", "", Set.of());
        assertFails(() -> broker.authenticate("blank", "", true), ErrorCondition.ACCESS_REFUSED,
                "user 'blank' attempted to log in with a blank password, which is prohibited by the internal authN"
                        + " backend");
    }

    @Test
    void certificateLoginNeedsAnExistingUserButNoPassword() {
        broker.users().add("app", "pw", Set.of());
        assertThat(broker.authenticateByCertificate("app", false).name()).isEqualTo("app");
        assertFails(() -> broker.authenticateByCertificate("mallory", true), ErrorCondition.ACCESS_REFUSED,
                "user 'mallory' - invalid credentials");
    }

    @Test
    void certificateLoginKeepsTheLoopbackRule() {
        assertFails(() -> broker.authenticateByCertificate("guest", false), ErrorCondition.ACCESS_REFUSED,
                "user 'guest' can only connect via localhost");
    }
}
