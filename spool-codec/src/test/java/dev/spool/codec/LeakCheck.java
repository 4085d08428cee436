package dev.spool.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaked a Netty buffer. Netty notices a leak only when a buffer it tracks was collected
 * unreleased and a later allocation polls for it, so this collects garbage and allocates a few times first.
 */
public final class LeakCheck implements AfterAllCallback {
    private static final int ROUNDS = 5;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (System.getProperty("io.netty.customResourceLeakDetector") == null) {
            return; // run outside the build (say from an IDE) without the recorder: nothing to check
        }
        for (int round = 0; round < ROUNDS; round++) {
            System.gc();
            Thread.sleep(20); // lets the reference handler enqueue what the collection found; not a timing assumption
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
                probe.release();
            }
        }
        assertThat(LeakRecorder.installed).as("LeakRecorder loaded by Netty").isTrue();
        assertThat(LeakRecorder.drain()).as("buffers leaked by %s", context.getDisplayName()).isEmpty();
    }
}
