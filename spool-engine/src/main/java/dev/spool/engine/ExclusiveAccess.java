package dev.spool.engine;

import dev.spool.engine.queue.Queue;

import java.util.Objects;

/**
 * RabbitMQ's exclusive-queue checks ({@code rabbit_amqqueue:check_exclusive_access}): an exclusive queue may only be
 * used by the connection that declared it. Stateless; any thread.
 */
final class ExclusiveAccess {
    private ExclusiveAccess() {
    }

    /**
     * The lax check, for use of a queue (consume, get, purge, delete, bind, passive declare): passes for a
     * non-exclusive queue or its owner.
     *
     * @throws EngineException RESOURCE_LOCKED otherwise
     */
    static void check(Queue queue, Object owner) {
        Object exclusiveOwner = queue.exclusiveOwner();
        if (exclusiveOwner != null && !exclusiveOwner.equals(owner)) {
            throw locked(queue);
        }
    }

    /**
     * The strict check, for a redeclaration: the queue's owner must be exactly the requested one, so redeclaring with
     * another exclusive flag fails too.
     *
     * @param requestedOwner the declaring connection for an exclusive declaration, else null
     * @throws EngineException RESOURCE_LOCKED otherwise
     */
    static void checkStrict(Queue queue, Object requestedOwner) {
        if (!Objects.equals(queue.exclusiveOwner(), requestedOwner)) {
            throw locked(queue);
        }
    }

    private static EngineException locked(Queue queue) {
        return EngineException.resourceLocked("cannot obtain exclusive access to locked "
                + ResourceNames.queue(queue.vhostName(), queue.name()) + ". It could be originally declared on"
                + " another connection or the exclusive property value does not match that of the original"
                + " declaration.");
    }
}
