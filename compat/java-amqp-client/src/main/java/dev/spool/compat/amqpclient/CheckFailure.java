package dev.spool.compat.amqpclient;

/** The broker did something RabbitMQ would not: the message says what was expected and what happened. */
final class CheckFailure extends Exception {

    CheckFailure(String message) {
        super(message);
    }
}
