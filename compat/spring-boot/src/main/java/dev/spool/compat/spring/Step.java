package dev.spool.compat.spring;

/** One behaviour the service exercises, run by {@link CompatRun} on the main thread. */
interface Step {

    /** The name printed on the step's {@code PASS}/{@code SKIP}/{@code FAIL} line, the same in every client. */
    String name();

    /**
     * Runs the step.
     *
     * @return one line saying what was checked
     * @throws CheckFailure when the broker answered differently from RabbitMQ
     * @throws Exception when the client failed (a timeout, a lost connection)
     */
    String run() throws Exception;
}
