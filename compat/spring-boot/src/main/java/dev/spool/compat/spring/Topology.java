package dev.spool.compat.spring;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The queues, exchange and bindings the service declares as beans: {@code RabbitAdmin} declares them on every new
 * connection, which is how a Spring service gets its topology back after the broker restarts. The dead-letter
 * topology is declared by {@link DeadLetterStep} only when the broker supports it.
 */
@Configuration(proxyBeanMethods = false)
class Topology {

    static final String PREFIX = "compat.spring-boot.";
    static final String WORK = PREFIX + "work";
    static final String CONFIRMS = PREFIX + "confirms";
    static final String NOWHERE = PREFIX + "nowhere";
    static final String EVENTS = PREFIX + "events";
    static final String EVENTS_ALL = EVENTS + ".all";
    static final String EVENTS_ORDERS = EVENTS + ".orders";
    static final String EVENTS_EU = EVENTS + ".eu";
    static final String AFTER_RESTART = PREFIX + "after-restart";
    static final String DURABLE = PREFIX + "durable";
    static final String DLX = PREFIX + "dlx";
    static final String DL_WORK = PREFIX + "dl-work";
    static final String DLQ = PREFIX + "dlq";

    @Bean
    Declarables compatTopology() {
        TopicExchange events = new TopicExchange(EVENTS, false, false);
        Queue all = new Queue(EVENTS_ALL, false);
        Queue orders = new Queue(EVENTS_ORDERS, false);
        Queue eu = new Queue(EVENTS_EU, false);
        return new Declarables(
                new Queue(WORK, false),
                new Queue(CONFIRMS, true),
                events, all, orders, eu,
                BindingBuilder.bind(all).to(events).with("#"),
                BindingBuilder.bind(orders).to(events).with("order.*"),
                BindingBuilder.bind(eu).to(events).with("*.*.eu"),
                BindingBuilder.bind(eu).to(events).with("order.#.eu"),
                new Queue(AFTER_RESTART, false),
                new Queue(DURABLE, true));
    }
}
