package dev.spool.compat.amqpclient;

/**
 * One behaviour the check exercises, run on the main thread with connections it opens and closes itself.
 * A step starts by deleting what an earlier, interrupted run may have left, so runs can repeat against one broker.
 */
interface Step {

    /** The name printed on the step's {@code PASS}/{@code SKIP}/{@code FAIL} line, the same in every client. */
    String name();

    /**
     * Runs the step.
     *
     * @return one line saying what was checked
     * @throws CheckFailure when the broker answered differently from RabbitMQ
     * @throws Exception when the client failed (a timeout, a closed channel)
     */
    String run(CompatSettings settings) throws Exception;
}
