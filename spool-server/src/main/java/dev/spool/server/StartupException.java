package dev.spool.server;

/**
 * The broker could not start: the data directory cannot be created, the AMQP port is taken, ... The message is one
 * line for the operator (the {@code server} command prints it and exits with status 1); the cause keeps the details.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
