package dev.spool.examples.signup;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated mail server: sending takes a few milliseconds, and some addresses fail on purpose.
 *
 * <ul>
 *   <li>{@code ...@bounce.example} always fails ("550 mailbox unavailable"): these end in the dead-letter queue;</li>
 *   <li>{@code ...@flaky.example} fails the first two attempts ("421 try again later"), then succeeds: these show
 *       the retries;</li>
 *   <li>every other address succeeds.</li>
 * </ul>
 *
 * <p>It counts attempts and sent emails per address, which is how the demo checks that every email was sent exactly
 * once. Threads: called by the worker pool's consumer threads at once; the counters are concurrent maps.
 */
final class MailServer {

    static final int FLAKY_FAILURES = 2;

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final long latencyMillis;

    MailServer(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    /** Sends the welcome email, or throws when this address fails this time. */
    void sendWelcomeEmail(String address) throws MailRejectedException, InterruptedException {
        int attempt = attempts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(latencyMillis);
        String domain = address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (domain.equals("bounce.example")) {
            throw new MailRejectedException("550 mailbox unavailable");
        }
        if (domain.equals("flaky.example") && attempt <= FLAKY_FAILURES) {
            throw new MailRejectedException("421 try again later");
        }
        sent.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    }

    int attempts(String address) {
        AtomicInteger count = attempts.get(address);
        return count == null ? 0 : count.get();
    }

    int sent(String address) {
        AtomicInteger count = sent.get(address);
        return count == null ? 0 : count.get();
    }

    /** The mail server said no. */
    static final class MailRejectedException extends Exception {
        MailRejectedException(String reply) {
            super(reply);
        }
    }
}
