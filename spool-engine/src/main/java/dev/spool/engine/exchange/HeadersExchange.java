package dev.spool.engine.exchange;

import dev.spool.engine.message.Message;

import java.util.Map;

/**
 * Routes on the message's {@code headers} property against each binding's arguments (see {@link HeadersMatch}); the
 * routing key plays no part. The table is one copy-on-write array of parsed bindings, scanned per publish.
 */
public final class HeadersExchange extends Exchange {
    private static final HeadersMatch[] NONE = new HeadersMatch[0];

    private volatile HeadersMatch[] matches = NONE;

    HeadersExchange(String name, boolean durable, boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        super(name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return HEADERS;
    }

    @Override
    public int route(Message message, RoutedQueues out) {
        Map<String, Object> headers = message.headers();
        int matched = 0;
        for (HeadersMatch match : matches) {
            if (match.matches(headers)) {
                match.destination.addTo(out);
                matched++;
            }
        }
        return matched;
    }

    @Override
    public void validateBinding(Binding binding) {
        HeadersMatch.validate(binding);
    }

    @Override
    void addRoute(Destination destination) {
        HeadersMatch[] current = matches;
        HeadersMatch[] grown = new HeadersMatch[current.length + 1];
        System.arraycopy(current, 0, grown, 0, current.length);
        grown[current.length] = new HeadersMatch(destination);
        matches = grown;
    }

    @Override
    void removeRoute(Destination destination) {
        HeadersMatch[] current = matches;
        for (int i = 0; i < current.length; i++) {
            if (current[i].destination == destination) {
                HeadersMatch[] shrunk = new HeadersMatch[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                matches = shrunk;
                return;
            }
        }
    }
}
