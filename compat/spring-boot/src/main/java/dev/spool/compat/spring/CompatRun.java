package dev.spool.compat.spring;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Runs every step once the context is up, on the main thread, one {@code PASS}/{@code SKIP}/{@code FAIL} line each;
 * the exit code is 1 when any failed. A failed step does not stop the later ones.
 */
@Component
class CompatRun implements CommandLineRunner, ExitCodeGenerator {

    static final String DEAD_LETTER_SKIP = "needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)";
    static final String DURABLE_SKIP = "needs messages kept on disk across a restart (durability issue)";

    private final CompatSettings settings;
    private final PublishConsumeStep publishConsume;
    private final ConfirmsStep confirms;
    private final TopicFanoutStep topicFanout;
    private final DeadLetterStep deadLetter;
    private final ReconnectStep reconnect;
    private final DurableBacklogStep durableBacklog;
    private final Report report = new Report();

    CompatRun(CompatSettings settings, PublishConsumeStep publishConsume, ConfirmsStep confirms,
              TopicFanoutStep topicFanout, DeadLetterStep deadLetter, ReconnectStep reconnect,
              DurableBacklogStep durableBacklog) {
        this.settings = settings;
        this.publishConsume = publishConsume;
        this.confirms = confirms;
        this.topicFanout = topicFanout;
        this.deadLetter = deadLetter;
        this.reconnect = reconnect;
        this.durableBacklog = durableBacklog;
    }

    @Override
    public void run(String... args) {
        run(publishConsume);
        run(confirms);
        run(topicFanout);
        if (settings.skips("dlx")) {
            report.skip("dead-letter", DEAD_LETTER_SKIP);
        } else {
            run(deadLetter);
        }
        if (settings.restartCommand().isEmpty()) {
            report.skip("reconnect", "COMPAT_RESTART_CMD is not set");
            report.skip("durable-backlog", "COMPAT_RESTART_CMD is not set");
        } else {
            boolean restarted = run(reconnect);
            if (settings.skips("durable")) {
                report.skip("durable-backlog", DURABLE_SKIP);
                durableBacklog.cleanUp();
            } else if (restarted) {
                run(durableBacklog);
            } else {
                report.fail("durable-backlog", "not checked: the reconnect step failed");
            }
        }
        System.out.println("spring-boot: " + report.summary());
    }

    @Override
    public int getExitCode() {
        return report.anyFailed() ? 1 : 0;
    }

    private boolean run(Step step) {
        long start = System.nanoTime();
        try {
            report.pass(step.name(), step.run() + elapsed(start));
            return true;
        } catch (CheckFailure failure) {
            report.fail(step.name(), failure.getMessage() + elapsed(start));
        } catch (Exception | AssertionError e) {
            report.fail(step.name(), "client error: " + e + elapsed(start));
            e.printStackTrace();
        }
        return false;
    }

    private static String elapsed(long startNanos) {
        return String.format(" (%.1f s)", (System.nanoTime() - startNanos) / 1e9);
    }
}
