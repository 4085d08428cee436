/**
 * A small Spring Boot service ({@code spring-boot-starter-amqp}: {@code RabbitTemplate}, {@code @RabbitListener},
 * {@code RabbitAdmin} declaring {@code Declarable} beans) that checks a broker behaves as RabbitMQ does for a typical
 * Spring application: manual acks with prefetch, publisher confirms and returns, topic routing, dead-lettering by
 * rejecting, and a service that keeps working when the broker restarts under it.
 *
 * <p>{@link dev.spool.compat.spring.CompatRun} runs the steps once the context is up, prints one {@code PASS},
 * {@code SKIP} or {@code FAIL} line per step, and the process exits 1 when any failed.
 */
package dev.spool.compat.spring;
