/**
 * JMH benchmarks of the AMQP codec on the publish and deliver paths: a basic.publish arriving as method, content
 * header and body frames, a basic.deliver leaving as the same three frames, and the field tables that message headers
 * and method arguments are made of.
 *
 * <p>Each benchmark builds its input once in a {@code @Setup} method and measures only the codec call, with buffers
 * of the kind the server uses (pooled direct buffers from Netty's default allocator). JMH runs each benchmark on its
 * own thread: every {@code @State} here is {@code Scope.Thread} and owned by that thread.
 */
package dev.spool.bench.codec;
