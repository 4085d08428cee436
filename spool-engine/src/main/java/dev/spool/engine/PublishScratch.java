package dev.spool.engine;

import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.store.log.DurableCallback;
import dev.spool.store.log.MessageDraft;

/**
 * One publishing channel's reusable scratch for {@link VirtualHost#publish}: the routed queues, the draft a persistent
 * message is stored through, the callback that hears when the store made it durable, and what the last publish did
 * with the message. Reused for every publish, so the publish path allocates nothing here.
 *
 * <p>Not thread-safe: one per channel, used by that channel's thread only.
 */
public final class PublishScratch {
    private final RoutedQueues routed = new RoutedQueues();
    private final MessageDraft draft = new MessageDraft();
    private final DurableCallback callback;
    private boolean awaitsDisk;
    private boolean storeFailed;
    private boolean deduplicated;
    private boolean refused;

    /**
     * @param callback told (on the store's sync thread) when a stored message is on disk or could not be written, with
     *                 the token given to {@link VirtualHost#publish}; null when the channel does not wait for that
     */
    public PublishScratch(DurableCallback callback) {
        this.callback = callback;
    }

    /** The queues the last publish was routed to (the caller clears it). */
    public RoutedQueues routed() {
        return routed;
    }

    /**
     * Whether the last publish stored a persistent message whose outcome the callback will tell, exactly once, with
     * the publish's token: confirm it then, not now.
     */
    public boolean awaitsDisk() {
        return awaitsDisk;
    }

    /** Whether the last publish could not be stored, so no queue got it (with a callback, it also hears so). */
    public boolean storeFailed() {
        return storeFailed;
    }

    /**
     * Whether the last publish was dropped as a duplicate by the exchange it was published to (see
     * {@code x-message-deduplication}): confirm it, and do not return it even when mandatory.
     */
    public boolean deduplicated() {
        return deduplicated;
    }

    void deduplicated(boolean duplicate) {
        this.deduplicated = duplicate;
    }

    /**
     * Whether some routed queue refused the last message (a length limit with reject-publish): with confirms, the
     * publisher gets a basic.nack, as from RabbitMQ.
     */
    public boolean refused() {
        return refused;
    }

    void refused(boolean value) {
        this.refused = value;
    }

    MessageDraft draft() {
        return draft;
    }

    DurableCallback callback() {
        return callback;
    }

    void outcome(boolean awaits, boolean failed) {
        this.awaitsDisk = awaits;
        this.storeFailed = failed;
    }
}
