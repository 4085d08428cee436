package dev.spool.compat.amqpclient;

/**
 * Entry point: runs every step in order on the main thread, one {@code PASS}/{@code SKIP}/{@code FAIL} line each,
 * and exits 1 when any failed. A failed step does not stop the later ones: each opens its own connection.
 */
public final class CompatCheck {

    static final String DEAD_LETTER_SKIP = "needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)";
    static final String DURABLE_SKIP = "needs messages kept on disk across a restart (durability issue)";

    private CompatCheck() {
    }

    public static void main(String[] args) {
        CompatSettings settings = CompatSettings.fromEnvironment();
        Report report = new Report();
        run(report, settings, new PublishConsumeStep());
        run(report, settings, new ConfirmsStep());
        run(report, settings, new TopicFanoutStep());
        if (settings.skips("dlx")) {
            report.skip("dead-letter", DEAD_LETTER_SKIP);
        } else {
            run(report, settings, new DeadLetterStep());
        }
        if (settings.restartCommand().isEmpty()) {
            report.skip("reconnect", "COMPAT_RESTART_CMD is not set");
            report.skip("durable-backlog", "COMPAT_RESTART_CMD is not set");
        } else {
            boolean restarted = run(report, settings, new ReconnectStep());
            if (settings.skips("durable")) {
                report.skip("durable-backlog", DURABLE_SKIP);
                cleanUp(settings);
            } else if (restarted) {
                run(report, settings, new DurableBacklogStep());
            } else {
                report.fail("durable-backlog", "not checked: the reconnect step failed");
            }
        }
        System.out.println("java-amqp-client: " + report.summary());
        System.exit(report.anyFailed() ? 1 : 0);
    }

    private static boolean run(Report report, CompatSettings settings, Step step) {
        long start = System.nanoTime();
        try {
            report.pass(step.name(), step.run(settings) + elapsed(start));
            return true;
        } catch (CheckFailure failure) {
            report.fail(step.name(), failure.getMessage() + elapsed(start));
        } catch (Exception | AssertionError e) {
            report.fail(step.name(), "client error: " + e + elapsed(start));
            e.printStackTrace();
        }
        return false;
    }

    private static void cleanUp(CompatSettings settings) {
        try {
            DurableBacklogStep.cleanUp(settings);
        } catch (Exception e) {
            System.err.println("could not delete " + DurableBacklogStep.QUEUE + ": " + e);
        }
    }

    private static String elapsed(long startNanos) {
        return String.format(" (%.1f s)", (System.nanoTime() - startNanos) / 1e9);
    }
}
