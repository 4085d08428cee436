package dev.spool.store;

import java.io.IOException;

/**
 * A storage problem an operator can act on, with a message that says what to do. Callers that start the broker print
 * {@link #getMessage()} and exit; the stack trace adds nothing for these.
 */
public class StoreException extends IOException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
