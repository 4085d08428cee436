/**
 * One immutable record per AMQP 0-9-1 method, RabbitMQ's extensions included, each decoding and encoding its own
 * arguments, and {@link dev.spool.codec.method.MethodRegistry} to find the decoder for a class and method id. All
 * generated from the spec by {@code spool-codec/codegen/generate_methods.py}: change the generator, not the files.
 * Records are immutable, but {@code byte[]} components (long strings) are shared and must not be modified.
 */
package dev.spool.codec.method;
