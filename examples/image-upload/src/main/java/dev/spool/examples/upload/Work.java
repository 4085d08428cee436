package dev.spool.examples.upload;

/** Makes a job take at least a given time, standing in for the slow part of real work. */
final class Work {

    private Work() {
    }

    /** Sleeps until {@code millis} have passed since {@code startedNanos}. */
    static void pad(long startedNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startedNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
