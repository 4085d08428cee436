package dev.spool.engine.delay;

import dev.spool.engine.EngineException;
import dev.spool.engine.ErrorCondition;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.message.FieldValues;

import java.util.Map;

/**
 * The declare rules of the {@code x-delayed-message} exchange type, as the rabbitmq-delayed-message-exchange plugin
 * has them: the {@code x-delayed-type} argument names the exchange type whose routing applies once a message's delay
 * is over (direct, fanout, topic or headers), and is mandatory. Stateless.
 *
 * <p><b>How it is wired</b>: the virtual host, on exchange.declare of type {@value #TYPE}, calls {@link #checkDeclare}
 * and creates an exchange of the returned type wrapped by the delaying exchange, which holds a
 * {@link DelaySchedule} and a delay log in the store; on publish it reads {@link DelayHeader#delayOf}: 0 routes at
 * once through the inner type, anything else is appended to the delay log and scheduled.
 */
public final class DelayedExchangeArguments {
    /** The exchange type. */
    public static final String TYPE = "x-delayed-message";
    /** The argument naming the routing type. */
    public static final String DELAYED_TYPE = "x-delayed-type";

    private DelayedExchangeArguments() {
    }

    /**
     * @return the routing type
     * @throws EngineException PRECONDITION_FAILED with the plugin's text when {@code x-delayed-type} is missing or not
     *                         a string; COMMAND_INVALID {@code unknown exchange type 'x'} for a type the broker does
     *                         not have, as RabbitMQ's {@code rabbit_exchange:check_type/1} says it
     */
    public static String checkDeclare(Map<String, Object> arguments) {
        Object type = arguments == null ? null : arguments.get(DELAYED_TYPE);
        if (!FieldValues.isText(type)) {
            throw EngineException.preconditionFailed(
                    "Invalid argument, 'x-delayed-type' must be an existing exchange type");
        }
        String name = type.toString();
        if (!Exchange.isKnownType(name)) {
            throw new EngineException(ErrorCondition.COMMAND_INVALID, "unknown exchange type '" + name + "'");
        }
        return name;
    }
}
