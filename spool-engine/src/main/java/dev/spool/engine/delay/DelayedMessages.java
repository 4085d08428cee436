package dev.spool.engine.delay;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.engine.message.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages an {@code x-delayed-message} exchange holds until they are due, and the timer that releases them.
 *
 * <p><b>Where they are.</b> With a message log, every delayed message is written to it when published (a reference
 * under the reserved pseudo-queue id {@link #LOG_ID}, with the due time as the record's timestamp; persistent for a
 * persistent message on a durable exchange, so that it survives a restart); memory holds only its position and due
 * time ({@link DueTimes}, 16 bytes) and, for the earliest {@value #MEMORY_LIMIT} or so, a schedule entry
 * ({@link DelaySchedule}). Bodies are read back from the log when a message is released. Without a log (a broker
 * kept in memory) the messages are held on the heap under synthetic ids.
 *
 * <p><b>Order.</b> Released strictly by due time; those due at the same millisecond in publish order (log positions,
 * or synthetic ids, grow in publish order). One release runs at a time ({@code releasing}), so order holds across
 * timer threads.
 *
 * <p><b>Threading.</b> Publishers call {@link #add} and {@link #addInMemory} from their channel threads; the timer
 * releases on the timer thread. State is guarded by {@code lock}; releasing routes through the virtual host
 * ({@link Release}) <em>outside</em> that lock, so queue locks are never taken under it.
 */
public final class DelayedMessages {
    /** The pseudo-queue id under which delayed-exchange records are stored in a virtual host's message log. */
    public static final int LOG_ID = Integer.MAX_VALUE;
    /** How many schedule entries stay in memory at least (at most twice as many do). */
    public static final int MEMORY_LIMIT = 10_000;

    /** Routes a released message, already rewritten, through the exchange's bindings (the virtual host). */
    @FunctionalInterface
    public interface Release {
        void route(Message message);
    }

    /** The message log as the delayed messages use it (a virtual host's {@code MessageStore}). */
    public interface Store {
        /** The message stored at {@code position}, or null when it cannot be read (logged). */
        Message read(long position);

        /** The delayed message at {@code position} left the exchange (released or dropped). */
        void settle(long position);
    }

    private final String exchangeName;
    private final boolean durable;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock releasing = new ReentrantLock();
    private final DueTimes dueTimes = new DueTimes();
    private final DelaySchedule schedule = new DelaySchedule(MEMORY_LIMIT, dueTimes);
    /** Synthetic ids of messages held on the heap start here: negative, growing in publish order. */
    private static final long HELD_IDS = Long.MIN_VALUE / 2;
    private static final Logger LOG = LoggerFactory.getLogger(DelayedMessages.class);

    /** Messages held on the heap (no log), by synthetic id; their due times are in {@code dueTimes} too. */
    private final Map<Long, Message> held = new HashMap<>();
    private long nextHeldId = 1;
    private Store store;
    private Clock clock = Clock.system();
    private Timers timers;
    private Release release;
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedFor = DelaySchedule.NEVER;
    private boolean discarded;
    private volatile long count;

    public DelayedMessages(String exchangeName, boolean durable) {
        this.exchangeName = Objects.requireNonNull(exchangeName, "exchangeName");
        this.durable = durable;
    }

    public String exchangeName() {
        return exchangeName;
    }

    /** Whether a persistent message published to the exchange is stored to survive a restart. */
    public boolean durable() {
        return durable;
    }

    /**
     * Starts releasing: the virtual host calls it once when the exchange is created or restored (after
     * {@link #attach} for a restored one, so that messages recovered from the log and overdue leave at once).
     */
    public void start(Clock engineClock, Timers engineTimers, Release router) {
        lock.lock();
        try {
            this.clock = Objects.requireNonNull(engineClock, "engineClock");
            this.timers = Objects.requireNonNull(engineTimers, "engineTimers");
            this.release = Objects.requireNonNull(router, "router");
        } finally {
            lock.unlock();
        }
        arm();
    }

    /** Gives the exchange its message log (at start, once the log is open, or at creation). */
    public void attach(Store messageLog) {
        lock.lock();
        try {
            this.store = messageLog;
        } finally {
            lock.unlock();
        }
    }

    /** A delayed message recovered from the log after a restart (before {@link #start}). */
    public void recover(long dueAt, long position) {
        lock.lock();
        try {
            dueTimes.put(position, dueAt);
            schedule.schedule(dueAt, position);
            count = dueTimes.size();
        } finally {
            lock.unlock();
        }
    }

    /** Holds a message stored at {@code position} in the log until {@code dueAt}. */
    public void add(long dueAt, long position) {
        boolean dropped;
        lock.lock();
        try {
            dropped = discarded;
            if (!dropped) {
                dueTimes.put(position, dueAt);
                schedule.schedule(dueAt, position);
                count = dueTimes.size();
            }
        } finally {
            lock.unlock();
        }
        if (dropped) {
            settle(position);
        } else {
            arm();
        }
    }

    /** Holds a message on the heap until {@code dueAt} (no message log). */
    public void addInMemory(long dueAt, Message message) {
        lock.lock();
        try {
            if (discarded) {
                return;
            }
            long id = HELD_IDS + nextHeldId++;
            held.put(id, message);
            dueTimes.put(id, dueAt);
            schedule.schedule(dueAt, id);
            count = dueTimes.size();
        } finally {
            lock.unlock();
        }
        arm();
    }

    /** Messages waiting, on disk or in memory. */
    public long count() {
        return count;
    }

    /** Messages whose body the heap holds (only without a message log). */
    public int heldInMemory() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** Schedule entries kept in memory now (bounded by twice {@link #MEMORY_LIMIT}). */
    public int scheduledInMemory() {
        lock.lock();
        try {
            return schedule.inMemory();
        } finally {
            lock.unlock();
        }
    }

    /** The exchange was deleted: drops every waiting message and settles it in the log. */
    public void discardAll() {
        long[] positions;
        Store current;
        lock.lock();
        try {
            discarded = true;
            timer.cancel();
            armedFor = DelaySchedule.NEVER;
            long[] all = new long[dueTimes.size()];
            int[] n = {0};
            dueTimes.scan((dueAt, id) -> {
                if (id > 0) {
                    all[n[0]++] = id;
                }
            });
            positions = Arrays.copyOf(all, n[0]);
            dueTimes.clear();
            held.clear();
            schedule.clear();
            count = 0;
            current = store;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            for (long position : positions) {
                current.settle(position);
            }
        }
    }

    /** Releases every message that is due, in order, each routed outside the lock. Timer thread. */
    void releaseDue() {
        releasing.lock();
        try {
            while (true) {
                Message message;
                long position = 0;
                Release router;
                Store current;
                lock.lock();
                try {
                    long id = schedule.pollDue(clock.millis());
                    if (id == DelaySchedule.NONE) {
                        return;
                    }
                    router = release;
                    current = store;
                    dueTimes.remove(id);
                    if (id < 0) {
                        message = held.remove(id);
                    } else {
                        position = id;
                        message = current == null ? null : current.read(id);
                    }
                    count = dueTimes.size();
                } finally {
                    lock.unlock();
                }
                if (message != null) {
                    router.route(message);
                }
                if (position != 0 && current != null) {
                    current.settle(position);
                }
            }
        } finally {
            releasing.unlock();
            armAfterRelease();
        }
    }

    private void armAfterRelease() {
        lock.lock();
        try {
            armedFor = DelaySchedule.NEVER;
        } finally {
            lock.unlock();
        }
        arm();
    }

    /** Arms the timer for the earliest due time if it is not armed for that or earlier. */
    private void arm() {
        long next;
        Timers current;
        lock.lock();
        try {
            current = timers;
            next = schedule.nextDue();
            if (current == null || discarded || next == DelaySchedule.NEVER || next >= armedFor) {
                return;
            }
            timer.cancel();
            armedFor = next;
            // scheduling under the lock keeps armedFor and the timer in step; timers never run a task inline
            timer = current.schedule(next, this::fire);
        } finally {
            lock.unlock();
        }
    }

    private void fire() {
        try {
            releaseDue();
        } catch (RuntimeException e) {
            LOG.error("exchange '{}': releasing delayed messages failed", exchangeName, e);
        }
    }

    private void settle(long position) {
        Store current = store;
        if (current != null) {
            current.settle(position);
        }
    }
}
