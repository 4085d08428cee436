package dev.spool.engine.dedup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DeduplicationCacheTest {

    @Test
    void aKeySeenInsideTheWindowIsADuplicateAndCountsAsAHit() {
        DeduplicationCache cache = new DeduplicationCache(10);

        assertThat(cache.checkAndRemember("order-1", 0, 1_000)).isFalse();
        assertThat(cache.checkAndRemember("order-1", 500, 1_000)).isTrue();
        assertThat(cache.checkAndRemember("order-2", 500, 1_000)).isFalse();
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void aKeyIsForgottenOnceItsTtlHasPassedAndAHitDoesNotExtendIt() {
        DeduplicationCache cache = new DeduplicationCache(10);
        cache.checkAndRemember("k", 0, 1_000);

        assertThat(cache.checkAndRemember("k", 999, 1_000)).isTrue();
        assertThat(cache.contains("k", 1_000)).isFalse();
        assertThat(cache.checkAndRemember("k", 1_000, 1_000)).as("accepted again, window restarts").isFalse();
        assertThat(cache.checkAndRemember("k", 1_999, 1_000)).isTrue();
    }

    @Test
    void aNegativeTtlKeepsTheKeyUntilItIsEvicted() {
        DeduplicationCache cache = new DeduplicationCache(2);
        cache.checkAndRemember("forever", 0, -1);

        assertThat(cache.contains("forever", Long.MAX_VALUE - 1)).isTrue();
    }

    @Test
    void aFullCacheEvictsTheKeySeenLeastRecently() {
        DeduplicationCache cache = new DeduplicationCache(3);
        cache.checkAndRemember("a", 0, -1);
        cache.checkAndRemember("b", 1, -1);
        cache.checkAndRemember("c", 2, -1);
        cache.checkAndRemember("a", 3, -1);

        cache.checkAndRemember("d", 4, -1);

        assertThat(cache.contains("b", 5)).as("least recently seen").isFalse();
        assertThat(cache.contains("a", 5)).isTrue();
        assertThat(cache.contains("c", 5)).isTrue();
        assertThat(cache.contains("d", 5)).isTrue();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void replayingASnapshotRestoresTheWindowAndItsRecencyOrder() {
        DeduplicationCache cache = new DeduplicationCache(4);
        cache.checkAndRemember("a", 0, 10_000);
        cache.checkAndRemember("b", 1, -1);
        cache.checkAndRemember("c", 2, 500);
        cache.checkAndRemember("a", 3, 10_000);
        List<String> snapshot = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
        cache.forEach((key, expiresAt) -> {
            snapshot.add(key);
            expiries.add(expiresAt);
        });

        DeduplicationCache recovered = new DeduplicationCache(4);
        for (int i = 0; i < snapshot.size(); i++) {
            recovered.restore(snapshot.get(i), expiries.get(i));
        }

        assertThat(snapshot).containsExactly("b", "c", "a");
        assertThat(expiries).containsExactly(DeduplicationCache.NEVER, 502L, 10_000L);
        assertThat(recovered.checkAndRemember("a", 100, 10_000)).isTrue();
        assertThat(recovered.contains("c", 600)).isFalse();
        recovered.checkAndRemember("d", 100, -1);
        recovered.checkAndRemember("e", 100, -1);
        assertThat(recovered.contains("b", 100)).as("b was least recent before and after the restart").isFalse();
    }

    @Test
    void purgeDropsExpiredKeysAndForgetRemovesOne() {
        DeduplicationCache cache = new DeduplicationCache(10);
        cache.checkAndRemember("short", 0, 10);
        cache.checkAndRemember("long", 0, 1_000);
        cache.checkAndRemember("gone", 0, 1_000);

        assertThat(cache.forget("gone")).isTrue();
        assertThat(cache.purgeExpired(100)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.contains("long", 100)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {5L, 17L, 123L})
    void agreesWithAnAccessOrderedMapUnderRandomTraffic(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int capacity = 1 + random.nextInt(300);
        DeduplicationCache cache = new DeduplicationCache(capacity);
        LinkedHashMap<String, Long> reference = new LinkedHashMap<>(16, 0.75f, true);
        long now = 0;
        for (int op = 0; op < 40_000; op++) {
            now += random.nextInt(3);
            String key = "k" + random.nextInt(capacity * 2);
            long ttl = random.nextInt(4) == 0 ? -1 : random.nextInt(2_000);
            Long expiry = reference.get(key);
            boolean expected = expiry != null && expiry > now;
            if (!expected) {
                reference.remove(key);
                if (reference.size() == capacity) {
                    Iterator<String> eldest = reference.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
                reference.put(key, ttl < 0 ? DeduplicationCache.NEVER : now + ttl);
            }
            assertThat(cache.checkAndRemember(key, now, ttl)).isEqualTo(expected);
            assertThat(cache.size()).isEqualTo(reference.size());
        }
        List<String> order = new ArrayList<>();
        cache.forEach((key, expiresAt) -> order.add(key));
        assertThat(order).containsExactlyElementsOf(reference.keySet());
    }

    @Test
    void twoPublishersRacingWithTheSameKeyLetExactlyOneThrough() throws Exception {
        DeduplicationCache cache = new DeduplicationCache(100_000);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Runnable publisher = () -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 20_000; i++) {
                if (!cache.checkAndRemember("m" + i, 0, -1)) {
                    accepted.incrementAndGet();
                }
            }
        };
        Thread a = new Thread(publisher);
        Thread b = new Thread(publisher);
        a.start();
        b.start();
        start.countDown();
        a.join();
        b.join();

        assertThat(accepted.get()).isEqualTo(20_000);
        assertThat(cache.hits()).isEqualTo(20_000);
    }

    @Test
    void settingsComeFromArgumentsOrPolicyKeysWithLavinMqsDefaults() {
        Map<String, Object> arguments = Map.of("x-message-deduplication", true, "x-cache-size", 500,
                "x-cache-ttl", 60_000L);
        Map<String, Object> policy = Map.of("message-deduplication", true, "deduplication-header", "order-id");

        DeduplicationSettings fromArguments = DeduplicationSettings.from(arguments, "x-");
        DeduplicationSettings fromPolicy = DeduplicationSettings.from(policy, "");

        assertThat(fromArguments).isEqualTo(new DeduplicationSettings(true, 500, 60_000L, "x-deduplication-header"));
        assertThat(fromPolicy).isEqualTo(new DeduplicationSettings(true, 128, DeduplicationSettings.FOREVER,
                "order-id"));
        assertThat(DeduplicationSettings.from(Map.of("x-cache-size", 5), "x-").enabled()).isFalse();
        assertThat(fromArguments.ttlFor(Map.of("x-cache-ttl", 5))).isEqualTo(5);
        assertThat(fromArguments.ttlFor(Map.of("x-cache-ttl", "5"))).isEqualTo(60_000L);
    }

    @Test
    void theKeyIsTheHeaderValueByTypeAndContentElseTheMessageId() {
        assertThat(DeduplicationKey.of(Map.of("x-deduplication-header", "abc"), "x-deduplication-header", "id"))
                .isEqualTo("abc");
        assertThat(DeduplicationKey.of(Map.of(), "x-deduplication-header", "id-7")).isEqualTo("id-7");
        assertThat(DeduplicationKey.of(Map.of(), "x-deduplication-header", null)).isNull();
        assertThat(DeduplicationKey.ofValue(1)).isEqualTo(DeduplicationKey.ofValue(1L))
                .isNotEqualTo(DeduplicationKey.ofValue("1"));
        assertThat(DeduplicationKey.ofValue(new byte[] {1, 2})).isEqualTo(DeduplicationKey.ofValue(new byte[] {1, 2}));
    }
}
