package dev.spool.compat.spring;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Starts and stops the {@code @RabbitListener} containers by id, from the step's thread. */
@Component
class Listeners {

    private final RabbitListenerEndpointRegistry registry;

    Listeners(RabbitListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    void start(String id) {
        container(id).start();
    }

    void stop(String id) {
        container(id).stop();
    }

    boolean isRunning(String id) {
        return container(id).isRunning();
    }

    private MessageListenerContainer container(String id) {
        MessageListenerContainer container = registry.getListenerContainer(id);
        if (container == null) {
            throw new IllegalStateException("no listener " + id);
        }
        return container;
    }
}
