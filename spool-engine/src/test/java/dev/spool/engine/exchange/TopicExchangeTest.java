package dev.spool.engine.exchange;

import dev.spool.engine.Messages;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TopicExchangeTest {
    private final Exchange topic = Exchange.create("t", Exchange.TOPIC, false, false, false, Map.of());
    private final Routes routes = new Routes(topic);

    private List<String> route(String routingKey) {
        return routes.route(Messages.message(routingKey));
    }

    @Test
    void exactKeysMatchOnlyThemselves() {
        routes.bind("q", "a.b.c");
        assertThat(route("a.b.c")).containsExactly("q");
        assertThat(route("a.b")).isEmpty();
        assertThat(route("a.b.c.d")).isEmpty();
    }

    @Test
    void starMatchesExactlyOneWord() {
        routes.bind("q", "a.*.c");
        assertThat(route("a.b.c")).containsExactly("q");
        assertThat(route("a.xyz.c")).containsExactly("q");
        assertThat(route("a.c")).isEmpty();
        assertThat(route("a.b.b.c")).isEmpty();
    }

    @Test
    void starMatchesAnEmptyWord() {
        routes.bind("q", "a.*");
        assertThat(route("a.")).containsExactly("q");
        assertThat(route("a")).isEmpty();
    }

    @Test
    void hashMatchesZeroOrMoreWords() {
        routes.bind("q", "a.#");
        assertThat(route("a")).containsExactly("q");
        assertThat(route("a.b")).containsExactly("q");
        assertThat(route("a.b.c.d")).containsExactly("q");
        assertThat(route("b.a")).isEmpty();
    }

    @Test
    void hashAloneMatchesEveryKeyIncludingTheEmptyOne() {
        routes.bind("q", "#");
        assertThat(route("")).containsExactly("q");
        assertThat(route("a")).containsExactly("q");
        assertThat(route("a.b.c")).containsExactly("q");
        assertThat(route("..")).containsExactly("q");
    }

    @Test
    void emptyRoutingKeyMatchesOnlyTheEmptyBindingKeyAndHash() {
        routes.bind("empty", "");
        routes.bind("star", "*");
        routes.bind("hash", "#");
        assertThat(route("")).containsExactlyInAnyOrder("empty", "hash");
        assertThat(route("x")).containsExactlyInAnyOrder("star", "hash");
    }

    @Test
    void hashBetweenWordsMatchesAnyRunOfWords() {
        routes.bind("q", "a.#.b");
        assertThat(route("a.b")).containsExactly("q");
        assertThat(route("a.x.b")).containsExactly("q");
        assertThat(route("a.x.y.z.b")).containsExactly("q");
        assertThat(route("a.b.c")).isEmpty();
        assertThat(route("x.a.b")).isEmpty();
    }

    @Test
    void emptyWordsAreWordsOfTheirOwn() {
        routes.bind("q", "a..b");
        routes.bind("star", "a.*.b");
        assertThat(route("a..b")).containsExactlyInAnyOrder("q", "star");
        assertThat(route("a.b")).isEmpty();
    }

    @Test
    void aQueueMatchedByManyBindingsIsRoutedOnce() {
        routes.bind("q", "a.*");
        routes.bind("q", "#");
        routes.bind("q", "a.b");
        assertThat(route("a.b")).containsExactly("q");
    }

    @Test
    void unbindRemovesOnlyThatBinding() {
        Binding ab = routes.bind("q1", "a.b");
        routes.bind("q2", "a.b");
        Binding hash = routes.bind("q3", "a.#");
        routes.unbind(ab);
        assertThat(route("a.b")).containsExactlyInAnyOrder("q2", "q3");
        routes.unbind(hash);
        assertThat(route("a.b")).containsExactly("q2");
        assertThat(route("a.c")).isEmpty();
        assertThat(topic.bindings()).hasSize(1);
    }

    @Test
    void unbindingEverythingEmptiesTheTrieAndItCanBeReused() {
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bindings.add(routes.bind("q" + i, "w" + i + ".*.#"));
        }
        for (Binding b : bindings) {
            routes.unbind(b);
        }
        assertThat(route("w1.x.y")).isEmpty();
        assertThat(topic.hasBindings()).isFalse();
        routes.bind("again", "w1.*.#");
        assertThat(route("w1.x.y")).containsExactly("again");
    }

    @Test
    void ccAndBccRoutingKeysAreMatchedToo() {
        routes.bind("main", "orders.*");
        routes.bind("audit", "audit.#");
        assertThat(routes.route(Messages.withExtraRoutingKeys("orders.new", List.of("audit.x.y"))))
                .containsExactlyInAnyOrder("main", "audit");
    }

    @Test
    @Timeout(30)
    void publishersNeverMissAStableBindingWhileOtherBindingsChange() throws Exception {
        routes.bind("stable", "s.*.x");
        ClassicQueue churn = Routes.queue("churn");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger routed = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                RoutedQueues out = new RoutedQueues();
                Message message = Messages.message("s.a.x");
                while (!stop.get()) {
                    out.clear();
                    topic.route(message, out);
                    boolean found = false;
                    for (int i = 0; i < out.size(); i++) {
                        found |= out.get(i).name().equals("stable");
                    }
                    if (!found) {
                        misses.incrementAndGet();
                    }
                    routed.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        // the writer grows, tombstones and rebuilds the word tables on the stable binding's path
        for (int round = 0; round < 300; round++) {
            List<Binding> added = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String[] keys = {"s.w" + i + ".x", "w" + i + ".s", "s.*.y" + i, "s.a.x." + i, "s.#.z" + i};
                for (String key : keys) {
                    Binding binding = new Binding("t", "churn", true, key, Map.of());
                    topic.bind(binding, churn);
                    added.add(binding);
                }
            }
            for (Binding binding : added) {
                topic.unbind(binding);
            }
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(routed.get()).isPositive();
        assertThat(misses.get()).isZero();
        assertThat(topic.bindings()).hasSize(1);
    }

    /** Many random bindings and keys, checked against a plain recursive matcher. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void manyBindingsAgreeWithAReferenceMatcher(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = {"a", "b", "c", "", "*", "#"};
        Map<String, String> keyByQueue = new HashMap<>();
        List<Binding> bound = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = randomKey(random, words);
            keyByQueue.put("q" + i, key);
            bound.add(routes.bind("q" + i, key));
        }
        // remove a third of them again, to exercise pruning and tombstones
        for (int i = 0; i < bound.size(); i += 3) {
            routes.unbind(bound.get(i));
            keyByQueue.remove(bound.get(i).destination());
        }
        String[] plainWords = {"a", "b", "c", ""};
        for (int i = 0; i < 2000; i++) {
            String routingKey = randomKey(random, plainWords);
            Set<String> expected = new HashSet<>();
            for (Map.Entry<String, String> e : keyByQueue.entrySet()) {
                if (referenceMatch(split(e.getValue()), 0, split(routingKey), 0)) {
                    expected.add(e.getKey());
                }
            }
            assertThat(route(routingKey)).as("routing key '%s'", routingKey)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String randomKey(SplittableRandom random, String[] words) {
        int n = random.nextInt(5);
        if (n == 0) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                key.append('.');
            }
            key.append(words[random.nextInt(words.length)]);
        }
        return key.toString();
    }

    private static List<String> split(String key) {
        return key.isEmpty() ? List.of() : Arrays.asList(key.split("\\.", -1));
    }

    private static boolean referenceMatch(List<String> pattern, int p, List<String> words, int w) {
        if (p == pattern.size()) {
            return w == words.size();
        }
        String head = pattern.get(p);
        if (head.equals("#")) {
            for (int skip = w; skip <= words.size(); skip++) {
                if (referenceMatch(pattern, p + 1, words, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (w == words.size()) {
            return false;
        }
        return (head.equals("*") || head.equals(words.get(w))) && referenceMatch(pattern, p + 1, words, w + 1);
    }
}
