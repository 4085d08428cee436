/**
 * What a published message is to the engine: {@link dev.spool.engine.message.Message}, immutable and shared by every
 * queue it is routed to, and {@link dev.spool.engine.message.FieldValues}, how the engine compares and names the field
 * table values it finds in headers and declare arguments (as RabbitMQ does, never by parsing wire bytes), and
 * {@link dev.spool.engine.message.FieldReader}, through which the front end lets the engine look inside the nested
 * tables and timestamps of its codec.
 */
package dev.spool.engine.message;
