package dev.spool.engine.policy;

import dev.spool.engine.EngineException;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.message.FieldValues;

import java.util.Map;

/**
 * Checks the arguments of a new exchange as RabbitMQ's channel does ({@code rabbit_channel}, exchange.declare of an
 * exchange that does not exist yet): {@code alternate-exchange} must be a string, else PRECONDITION_FAILED
 * {@code invalid type 'signedint' for arg 'alternate-exchange' in exchange 'x' in vhost '/'}. A redeclaration is
 * not checked (it fails the equivalence check instead). Stateless.
 */
public final class ExchangeArguments {
    private static final String ALTERNATE_EXCHANGE = "alternate-exchange";

    private ExchangeArguments() {
    }

    /** @throws EngineException PRECONDITION_FAILED for a non-string {@code alternate-exchange} */
    public static void checkDeclare(String vhost, String exchange, Map<String, Object> arguments) {
        if (arguments == null || !arguments.containsKey(ALTERNATE_EXCHANGE)) {
            return;
        }
        Object value = arguments.get(ALTERNATE_EXCHANGE);
        if (!FieldValues.isText(value)) {
            throw EngineException.preconditionFailed("invalid type '" + FieldValues.typeName(value) + "' for arg '"
                    + ALTERNATE_EXCHANGE + "' in " + ResourceNames.exchange(vhost, exchange));
        }
    }
}
