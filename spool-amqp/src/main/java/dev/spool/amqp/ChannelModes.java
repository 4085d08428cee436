package dev.spool.amqp;

import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ConfirmSelectOk;
import dev.spool.codec.method.TxCommit;
import dev.spool.codec.method.TxCommitOk;
import dev.spool.codec.method.TxRollbackOk;
import dev.spool.codec.method.TxSelectOk;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.MessageCounters;

/**
 * The two modes a channel may switch to, and never both: publisher confirms (confirm.select) and transactions
 * (tx.select, tx.commit, tx.rollback), with the confirms and tx.commit-oks that wait for the message log to make
 * stored publishes durable.
 *
 * <p>Confined to the connection's event loop.
 */
final class ChannelModes {
    private final int channelId;
    private final OpenConnection connection;
    private final Confirms confirms;
    private final Publisher publisher;
    private final Settlements settlements;
    private final DurableAppends durable;
    private final ClientChannel stats;
    private Transaction tx;

    ChannelModes(int channelId, OpenConnection connection, Confirms confirms, Publisher publisher,
                 Settlements settlements, DurableAppends durable, ClientChannel stats) {
        this.channelId = channelId;
        this.connection = connection;
        this.confirms = confirms;
        this.publisher = publisher;
        this.settlements = settlements;
        this.durable = durable;
        this.stats = stats;
    }

    /** The transaction in progress, or null when the channel is not transactional. */
    Transaction tx() {
        return tx;
    }

    AmqpMethod confirmSelect(ConfirmSelect method) {
        if (tx != null) {
            throw AmqpError.preconditionFailed("cannot switch from tx to confirm mode");
        }
        confirms.enable();
        stats.confirm(true);
        return method.nowait() ? null : new ConfirmSelectOk();
    }

    AmqpMethod txSelect() {
        if (confirms.enabled()) {
            throw AmqpError.preconditionFailed("cannot switch from confirm to tx mode");
        }
        if (tx == null) {
            tx = new Transaction();
            stats.transactional(true);
        }
        return new TxSelectOk();
    }

    /** tx.commit; its commit-ok goes out now or once the store made the committed messages durable. */
    AmqpMethod txCommit() {
        if (tx == null) {
            throw AmqpError.preconditionFailed("channel is not transactional");
        }
        publisher.commit(tx);
        settlements.commit();
        long token = publisher.lastAwaitedToken();
        if (tx.commitsPending() || token > durable.resolvedUpTo()) {
            tx.awaitDisk(token); // tx.commit-ok once the store made the committed messages durable
            return null;
        }
        commitDone(token);
        return null;
    }

    AmqpMethod txRollback() {
        if (tx == null) {
            throw AmqpError.preconditionFailed("channel is not transactional");
        }
        tx.clear();
        settlements.rollback();
        return new TxRollbackOk();
    }

    /**
     * The message log made this channel's stored publishes durable up to {@code token} (or failed some): confirms and
     * tx.commit-oks that waited for them go out.
     *
     * @throws AmqpError 541 when a committed transaction's message could not be written
     */
    void diskResolved(long token) {
        int confirmed = confirms.diskResolved(token, durable, connection.writer(), channelId);
        if (confirmed != 0) {
            stats.counters().add(MessageCounters.CONFIRMED, confirmed);
        }
        flushConfirms();
        if (tx != null) {
            long committed;
            while ((committed = tx.takeResolved(token)) >= 0) {
                commitDone(committed);
            }
        }
    }

    /** Sends what confirms are pending (end of a read batch). */
    void flushConfirms() {
        if (confirms.hasPending()) {
            confirms.flush(connection.writer(), channelId);
        }
    }

    /** The channel is closing: what a transaction held is forgotten. */
    void clear() {
        tx = null;
    }

    /** A commit's messages are all written: tx.commit-ok, or 541 if one of them could not be. */
    private void commitDone(long token) {
        if (durable.anyFailedUpTo(token)) {
            throw AmqpError.at(ReplyCode.INTERNAL_ERROR, "tx.commit: a message could not be written to disk",
                    TxCommit.CLASS_ID, TxCommit.METHOD_ID);
        }
        connection.writer().method(channelId, new TxCommitOk());
    }
}
