/**
 * The {@code spool} command line (picocli): {@link dev.spool.server.cli.SpoolCommand} is the jar's main class and
 * dispatches to one class per subcommand. Everything that is process-wide (exit status, signals, the root log level)
 * is decided here, never in the broker, so the broker can be embedded in tests unchanged.
 */
package dev.spool.server.cli;
