package dev.spool.compat.spring;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.amqp.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;

/**
 * The service: Boot's auto-configured {@code RabbitTemplate}, {@code RabbitAdmin} and listener containers, plus two
 * container factories: the default one (manual acks, prefetch 10, from {@code application.properties}) and one with
 * automatic acks where a listener throwing {@code AmqpRejectAndDontRequeueException} rejects without requeue, the
 * usual Spring way to dead-letter. Both retry a lost connection every 500 ms instead of Spring's default 5 s, so the
 * restart step stays short.
 */
@SpringBootApplication
public class CompatApplication {

    static final long RECOVERY_INTERVAL_MILLIS = 500;

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(CompatApplication.class, args)));
    }

    @Bean
    CompatSettings compatSettings() {
        return CompatSettings.fromEnvironment();
    }

    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setRecoveryInterval(RECOVERY_INTERVAL_MILLIS);
        return factory;
    }

    @Bean
    SimpleRabbitListenerContainerFactory autoAckContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        factory.setDefaultRequeueRejected(false);
        factory.setRecoveryInterval(RECOVERY_INTERVAL_MILLIS);
        return factory;
    }
}
