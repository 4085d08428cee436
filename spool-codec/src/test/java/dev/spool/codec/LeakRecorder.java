package dev.spool.codec;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty leak detector that records leaks instead of only logging them, installed for the tests through the
 * {@code io.netty.customResourceLeakDetector} system property (see this module's pom). {@link LeakCheck} reads it.
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new ArrayList<>();

    /** Whether Netty loaded this recorder (the system property was set). */
    static volatile boolean installed;

    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** The constructor shape Netty also looks up; {@code maxActive} is unused by Netty too. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record(resourceType + " leaked:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record(resourceType + " leaked (untraced)");
    }

    private static synchronized void record(String leak) {
        LEAKS.add(leak);
    }

    /** The leaks recorded since the last call, which forgets them. */
    static synchronized List<String> drain() {
        List<String> leaks = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return leaks;
    }
}
