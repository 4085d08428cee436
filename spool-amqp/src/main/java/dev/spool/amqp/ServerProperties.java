package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.method.ConnectionStart;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What connection.start tells a client about the server, laid out as RabbitMQ's: the capabilities table first (the
 * same as RabbitMQ's, {@code direct_reply_to} included), then cluster name, copyright, information, platform,
 * product and version; the PLAIN and AMQPLAIN mechanisms (and EXTERNAL on a TLS listener that asks for client
 * certificates); the en_US locale. Built once; immutable.
 */
final class ServerProperties {
    static final String PRODUCT = "Spool";
    static final String MECHANISMS = "PLAIN AMQPLAIN";
    static final String LOCALES = "en_US";

    private static final FieldTable PROPERTIES = build();

    private ServerProperties() {
    }

    /** connection.start for protocol 0-9-1. */
    static ConnectionStart connectionStart() {
        return connectionStart(MECHANISMS);
    }

    /** connection.start for protocol 0-9-1 offering these SASL mechanisms (space-separated). */
    static ConnectionStart connectionStart(String mechanisms) {
        return new ConnectionStart(0, 9, PROPERTIES, mechanisms.getBytes(StandardCharsets.US_ASCII),
                LOCALES.getBytes(StandardCharsets.US_ASCII));
    }

    static FieldTable properties() {
        return PROPERTIES;
    }

    private static FieldTable build() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("consumer_priorities", true);
        capabilities.put("authentication_failure_close", true);
        capabilities.put("per_consumer_qos", true);
        capabilities.put("direct_reply_to", true);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("capabilities", capabilities);
        properties.put("cluster_name", "spool@" + hostName());
        properties.put("copyright", "Copyright (c) the Spool authors");
        properties.put("information", "Licensed under the Apache License 2.0");
        properties.put("platform", "Java " + System.getProperty("java.version"));
        properties.put("product", PRODUCT);
        properties.put("version", version());
        return FieldTable.of(properties);
    }

    private static String version() {
        String version = ServerProperties.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0" : version;
    }

    /** The host name without a DNS lookup (which could stall class initialization). */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isEmpty() ? "localhost" : name;
    }
}
