package dev.spool.compat.amqpclient;

/**
 * Prints the one line per step that the compatibility runner reads: {@code PASS step: what was checked},
 * {@code SKIP step: why} or {@code FAIL step: what went wrong}. Called on the main thread only.
 */
final class Report {

    private int passed;
    private int failed;
    private int skipped;

    void pass(String step, String detail) {
        passed++;
        System.out.println("PASS " + step + ": " + detail);
    }

    void skip(String step, String reason) {
        skipped++;
        System.out.println("SKIP " + step + ": " + reason);
    }

    void fail(String step, String reason) {
        failed++;
        System.out.println("FAIL " + step + ": " + reason);
    }

    boolean anyFailed() {
        return failed > 0;
    }

    String summary() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
}
