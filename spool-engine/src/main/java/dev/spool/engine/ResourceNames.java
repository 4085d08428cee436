package dev.spool.engine;

/**
 * How RabbitMQ names a resource in its error texts ({@code rabbit_misc:rs/1}): {@code queue 'orders' in vhost '/'}.
 * Only called on error paths. Stateless; any thread.
 */
public final class ResourceNames {
    private ResourceNames() {
    }

    /** {@code queue 'name' in vhost 'vhost'}. */
    public static String queue(String vhost, String name) {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }

    /** {@code exchange 'name' in vhost 'vhost'}. */
    public static String exchange(String vhost, String name) {
        return "exchange '" + name + "' in vhost '" + vhost + "'";
    }

    /** {@code no queue 'name' in vhost 'vhost'}: the NOT_FOUND detail for a missing queue. */
    public static String noQueue(String vhost, String name) {
        return "no " + queue(vhost, name);
    }

    /** {@code no exchange 'name' in vhost 'vhost'}: the NOT_FOUND detail for a missing exchange. */
    public static String noExchange(String vhost, String name) {
        return "no " + exchange(vhost, name);
    }
}
