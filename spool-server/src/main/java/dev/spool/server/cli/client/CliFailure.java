package dev.spool.server.cli.client;

/**
 * A client command failed for a reason the user can act on: the command prints {@code spool: <message>} on one line
 * and exits with status 1. The message is written for people (no stack trace, no exception class).
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message, null, false, false);
    }
}
