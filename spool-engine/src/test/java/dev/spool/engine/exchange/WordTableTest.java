package dev.spool.engine.exchange;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class WordTableTest {

    @Test
    void looksWordsUpByRegionOfALongerKey() {
        WordTable table = new WordTable();
        TopicTrie.Node node = new TopicTrie.Node(null, "orders");
        table.put("orders", node);
        String key = "eu.orders.new";
        assertThat(table.get(key, 3, 9)).isSameAs(node);
        assertThat(table.get(key, 0, 2)).isNull();
        assertThat(table.get(key, 3, 8)).isNull();
    }

    @Test
    void findsTheEmptyWord() {
        WordTable table = new WordTable();
        TopicTrie.Node node = new TopicTrie.Node(null, "");
        table.put("", node);
        assertThat(table.get("a..b", 2, 2)).isSameAs(node);
    }

    @Test
    void agreesWithAHashMapThroughPutsRemovesAndRegrowth() {
        SplittableRandom random = new SplittableRandom(11);
        WordTable table = new WordTable();
        Map<String, TopicTrie.Node> reference = new HashMap<>();
        for (int op = 0; op < 50_000; op++) {
            String word = "w" + random.nextInt(300);
            if (random.nextBoolean()) {
                if (!reference.containsKey(word)) {
                    TopicTrie.Node node = new TopicTrie.Node(null, word);
                    table.put(word, node);
                    reference.put(word, node);
                }
            } else {
                assertThat(table.remove(word)).isEqualTo(reference.remove(word) != null);
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        for (int i = 0; i < 300; i++) {
            String word = "w" + i;
            assertThat(table.get(word)).isSameAs(reference.get(word));
        }
    }
}
