package dev.spool.management.api;

import dev.spool.management.ManagementSettings;

/** The RabbitMQ version whose management API this one matches, as reported to clients. Stateless. */
final class ManagementVersion {
    private ManagementVersion() {
    }

    static String rabbitmq() {
        return ManagementSettings.RABBITMQ_API_VERSION;
    }
}
