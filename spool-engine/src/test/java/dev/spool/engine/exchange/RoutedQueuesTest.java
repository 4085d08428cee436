package dev.spool.engine.exchange;

import dev.spool.engine.queue.ClassicQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutedQueuesTest {

    @Test
    void keepsEachQueueOnceInRoutingOrderPastTheLinearSearchSize() {
        RoutedQueues routed = new RoutedQueues();
        List<ClassicQueue> queues = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queues.add(Routes.queue("q" + i));
        }
        for (int round = 0; round < 3; round++) {
            for (ClassicQueue q : queues) {
                routed.addQueue(q);
            }
        }
        assertThat(routed.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(routed.get(i)).isSameAs(queues.get(i));
        }
    }

    @Test
    void clearMakesItReusable() {
        RoutedQueues routed = new RoutedQueues();
        ClassicQueue a = Routes.queue("a");
        for (int i = 0; i < 20; i++) {
            routed.addQueue(Routes.queue("x" + i));
        }
        routed.clear();
        assertThat(routed.size()).isZero();
        routed.addQueue(a);
        routed.addQueue(a);
        assertThat(routed.size()).isEqualTo(1);
        assertThat(routed.get(0)).isSameAs(a);
        assertThatThrownBy(() -> routed.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void visitsEachExchangeOnce() {
        RoutedQueues routed = new RoutedQueues();
        Exchange x = Exchange.create("x", Exchange.FANOUT, false, false, false, Map.of());
        routed.addExchange(x);
        routed.addExchange(x);
        assertThat(routed.nextExchange()).isSameAs(x);
        assertThat(routed.nextExchange()).isNull();
        routed.addExchange(x);
        assertThat(routed.nextExchange()).as("already visited during this publish").isNull();
    }
}
