package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;

import java.util.Map;

/** Routes on routing key patterns ({@code *} one word, {@code #} zero or more) through a {@link TopicTrie}. */
public final class TopicExchange extends Exchange {
    private final TopicTrie trie = new TopicTrie();

    TopicExchange(String name, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        super(name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return TOPIC;
    }

    @Override
    public int route(Message message, RoutedQueues out) {
        int matched = 0;
        int keys = routingKeyCount(message);
        for (int k = 0; k < keys; k++) {
            matched += trie.match(routingKey(message, k), out);
        }
        return matched;
    }

    @Override
    void addRoute(Destination destination) {
        trie.add(destination);
    }

    @Override
    void removeRoute(Destination destination) {
        trie.remove(destination);
    }
}
