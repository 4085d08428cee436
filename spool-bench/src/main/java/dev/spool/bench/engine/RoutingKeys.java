package dev.spool.bench.engine;

import java.util.SplittableRandom;

/**
 * Seeded generators of topic binding keys and routing keys, so every run routes the same keys through the same
 * bindings. Keys have three or four words, {@code region.service.event[.entity]}, from vocabularies of 8, 32, 16 and
 * 64 words. Not thread-safe: one per {@code @Setup}.
 */
final class RoutingKeys {
    private static final String[] REGIONS = {"eu", "us", "ap", "sa", "af", "me", "oc", "an"};

    private final SplittableRandom random;

    RoutingKeys(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A routing key as publishers send them: three or four plain words. */
    String routingKey() {
        StringBuilder key = new StringBuilder(32);
        int words = random.nextBoolean() ? 3 : 4;
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                key.append('.');
            }
            key.append(word(i));
        }
        return key.toString();
    }

    /**
     * A binding key as subscribers declare them, drawn from three or four words: 60 % are plain keys, 25 % have one
     * {@code *} in place of a word, 10 % end in {@code #} after all but their last word ({@code eu.svc3.#}), 5 % are
     * {@code #} followed by their last two words ({@code #.svc3.ev5}). At 10,000 bindings a routing key matches about
     * five of them, at 1,000 about one in two keys matches one.
     */
    String bindingKey() {
        int words = random.nextBoolean() ? 3 : 4;
        String[] parts = new String[words];
        for (int i = 0; i < words; i++) {
            parts[i] = word(i);
        }
        int shape = random.nextInt(100);
        if (shape >= 95) {
            return "#." + parts[words - 2] + '.' + parts[words - 1];
        }
        if (shape >= 85) {
            parts[words - 1] = "#";
        } else if (shape >= 60) {
            parts[random.nextInt(words)] = "*";
        }
        return String.join(".", parts);
    }

    private String word(int position) {
        return switch (position) {
            case 0 -> REGIONS[random.nextInt(REGIONS.length)];
            case 1 -> "svc" + random.nextInt(32);
            case 2 -> "ev" + random.nextInt(16);
            default -> "e" + random.nextInt(64);
        };
    }
}
