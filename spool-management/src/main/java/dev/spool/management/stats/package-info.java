/**
 * Rates and short histories: one background thread ({@link dev.spool.management.stats.Sampler}) reads the engine's
 * counters every few seconds, racily and without locks, and keeps rings of samples from which the API computes
 * {@code *_details.rate} and {@code samples}, and the aggregates that {@code /metrics} serves at a flat cost.
 */
package dev.spool.management.stats;
