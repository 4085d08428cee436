/**
 * Exchanges and routing. Each exchange type is a small class that owns its binding table and answers "where does this
 * message go" ({@link dev.spool.engine.exchange.Exchange#route}); {@link dev.spool.engine.exchange.Router} follows
 * exchange-to-exchange bindings and alternate exchanges; {@link dev.spool.engine.exchange.RoutedQueues} is the reusable
 * per-channel scratch that collects each routed queue once.
 *
 * <p>Binding tables change under the owning virtual host's definitions lock (one writer at a time) and are published
 * safely (copy-on-write arrays, concurrent maps, release/acquire stores), so routing reads them from any number of
 * publisher threads without locking and without allocating.
 */
package dev.spool.engine.exchange;
