package dev.spool.engine.group;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageGroupsTest {
    private final MessageGroups groups = new MessageGroups(2);

    @Test
    void aGroupBelongsToTheConsumerThatGotItsFirstMessage() {
        groups.delivered("customer-1", 1);
        groups.delivered("customer-2", 2);

        assertThat(groups.ownerOf("customer-1")).isEqualTo(1);
        assertThat(groups.mayDeliverTo("customer-1", 2)).isFalse();
        assertThat(groups.mayDeliverTo("customer-2", 2)).isTrue();
        assertThat(groups.mayDeliverTo("customer-3", 2)).isTrue();
        assertThatThrownBy(() -> groups.delivered("customer-1", 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGroupStaysWithItsOwnerAfterItsMessagesAreAcked() {
        groups.delivered("g", 1);
        groups.settled("g");

        assertThat(groups.ownerOf("g")).isEqualTo(1);
        groups.delivered("g", 1);
        assertThat(groups.ownerOf("g")).isEqualTo(1);
    }

    @Test
    void whenTheOwnerGoesAwayItsGroupsMoveToTheNextConsumer() {
        groups.delivered("a", 1);
        groups.delivered("b", 1);
        groups.delivered("c", 2);

        groups.consumerGone(1);

        assertThat(groups.ownerOf("a")).isEqualTo(MessageGroups.NO_OWNER);
        assertThat(groups.ownerOf("c")).isEqualTo(2);
        groups.delivered("a", 2);
        assertThat(groups.ownerOf("a")).isEqualTo(2);
    }

    @Test
    void onlyIdleGroupsAreForgottenLeastRecentlyUsedFirst() {
        groups.delivered("busy", 1);
        for (String group : new String[] {"x", "y", "z"}) {
            groups.delivered(group, 2);
            groups.settled(group);
        }

        assertThat(groups.ownerOf("x")).as("least recently used idle group").isEqualTo(MessageGroups.NO_OWNER);
        assertThat(groups.ownerOf("y")).isEqualTo(2);
        assertThat(groups.ownerOf("z")).isEqualTo(2);
        assertThat(groups.ownerOf("busy")).as("in flight: kept").isEqualTo(1);
        assertThat(groups.size()).isEqualTo(3);
    }
}
