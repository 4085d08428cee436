package dev.spool.engine.exchange;

/**
 * The topic exchange's binding table: a trie over the dot-separated words of binding keys, with {@code *} matching
 * exactly one word and {@code #} matching zero or more, as RabbitMQ's topic trie does. Words may be empty
 * ({@code "a..b"} has three words); the empty routing key has no words at all, so only {@code ""} and {@code "#"}
 * match it.
 *
 * <p><b>Threading.</b> One writer at a time (the virtual host's definitions lock) adds and removes bindings; any number
 * of publishers match concurrently without locks. Nodes publish their children and destinations through volatile
 * fields and {@link WordTable}'s release/acquire slots; a destination array is replaced, never changed. A node is
 * unlinked from its parent once it holds nothing, so the trie shrinks with its bindings.
 *
 * <p>Matching walks the routing key by index and looks words up by region: it allocates nothing.
 */
final class TopicTrie {
    /** A trie node: the bindings whose key ends here and the children by next word. */
    static final class Node {
        final Node parent;
        final String word;
        volatile WordTable children;
        volatile Node star;
        volatile Node hash;
        volatile Destination[] destinations = Destination.NONE;

        Node(Node parent, String word) {
            this.parent = parent;
            this.word = word;
        }

        boolean holdsNothing() {
            WordTable c = children;
            return destinations.length == 0 && star == null && hash == null && (c == null || c.size() == 0);
        }
    }

    private final Node root = new Node(null, null);

    /** Adds a destination under its binding key. Writer only. */
    void add(Destination destination) {
        Node node = root;
        for (String word : words(destination.binding.routingKey())) {
            Node child = child(node, word);
            if (child == null) {
                child = new Node(node, word);
                link(node, child);
            }
            node = child;
        }
        node.destinations = Destination.append(node.destinations, destination);
    }

    /** Removes a destination (by identity) and unlinks nodes left empty. Writer only. */
    void remove(Destination destination) {
        Node node = root;
        for (String word : words(destination.binding.routingKey())) {
            node = child(node, word);
            if (node == null) {
                return;
            }
        }
        node.destinations = Destination.remove(node.destinations, destination);
        while (node != root && node.holdsNothing()) {
            unlink(node);
            node = node.parent;
        }
    }

    /**
     * Adds to {@code out} every destination whose binding key matches {@code routingKey}.
     *
     * @return matched destinations, duplicates included
     */
    int match(String routingKey, RoutedQueues out) {
        int length = routingKey.length();
        return match(root, routingKey, length == 0 ? 1 : 0, length, out);
    }

    /**
     * Matches from {@code node} with the words of {@code key} starting at {@code pos}. A {@code pos} equal to the
     * length is an empty last word (the key ends with a dot); {@code length + 1} means no words are left.
     */
    private static int match(Node node, String key, int pos, int length, RoutedQueues out) {
        int matched = 0;
        if (pos > length) {
            Destination[] here = node.destinations;
            for (Destination d : here) {
                d.addTo(out);
            }
            matched += here.length;
            Node hash = node.hash;
            if (hash != null) {
                matched += match(hash, key, pos, length, out);
            }
            return matched;
        }
        int end = key.indexOf('.', pos);
        if (end < 0) {
            end = length;
        }
        int next = end == length ? length + 1 : end + 1;
        WordTable children = node.children;
        if (children != null) {
            Node child = children.get(key, pos, end);
            if (child != null) {
                matched += match(child, key, next, length, out);
            }
        }
        Node star = node.star;
        if (star != null) {
            matched += match(star, key, next, length, out);
        }
        Node hash = node.hash;
        if (hash != null) {
            // '#' swallows zero, one, ... or all of the remaining words
            int p = pos;
            while (true) {
                matched += match(hash, key, p, length, out);
                if (p > length) {
                    break;
                }
                int dot = key.indexOf('.', p);
                p = dot < 0 ? length + 1 : dot + 1;
            }
        }
        return matched;
    }

    private static String[] words(String bindingKey) {
        return bindingKey.isEmpty() ? new String[0] : bindingKey.split("\\.", -1);
    }

    private static Node child(Node node, String word) {
        if (word.equals("*")) {
            return node.star;
        }
        if (word.equals("#")) {
            return node.hash;
        }
        WordTable children = node.children;
        return children == null ? null : children.get(word);
    }

    private static void link(Node parent, Node child) {
        if (child.word.equals("*")) {
            parent.star = child;
        } else if (child.word.equals("#")) {
            parent.hash = child;
        } else {
            WordTable children = parent.children;
            if (children == null) {
                children = new WordTable();
                parent.children = children;
            }
            children.put(child.word, child);
        }
    }

    private static void unlink(Node node) {
        Node parent = node.parent;
        if (node.word.equals("*")) {
            parent.star = null;
        } else if (node.word.equals("#")) {
            parent.hash = null;
        } else {
            parent.children.remove(node.word);
        }
    }
}
