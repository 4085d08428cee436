/**
 * RabbitMQ's management HTTP API: one class per resource family ({@code QueuesApi}, {@code ExchangesApi}, ...), each
 * registering its routes, plus what they share: authentication and RabbitMQ's tag rules ({@link
 * dev.spool.management.api.Access}), JSON errors with RabbitMQ's shape ({@link dev.spool.management.api.ApiError}),
 * pagination, filtering, sorting and column selection ({@link dev.spool.management.api.Paging}). Handlers run on
 * Jetty's request threads and only call the engine's thread-safe API.
 */
package dev.spool.management.api;
