package dev.spool.compat.spring;

import java.util.concurrent.TimeUnit;

/**
 * Runs the runner's {@code COMPAT_RESTART_CMD}: it stops the broker, starts it again on the same port and returns
 * once the broker accepts connections. Its output goes to this program's standard error. Main thread only.
 */
final class BrokerRestart {

    private BrokerRestart() {
    }

    /** Returns how long the restart took, in milliseconds. */
    static long run(String command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new CheckFailure("restart command did not finish within 90 s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new CheckFailure("restart command exited " + process.exitValue() + ": " + command);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
