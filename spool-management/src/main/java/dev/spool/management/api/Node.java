package dev.spool.management.api;

import dev.spool.engine.Broker;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.message.MessageFormat;
import dev.spool.management.ManagementSettings;
import dev.spool.management.NodeResources;
import dev.spool.management.stats.Sampler;
import io.javalin.http.Context;

/**
 * What every API class works with: the broker, the access rules, the sampler's rates, the settings, the message
 * format and the node's resources. Immutable; shared by all request threads.
 *
 * @param broker   the engine
 * @param access   authentication and authorization
 * @param sampler  rates and histories
 * @param settings node name, versions, ports
 * @param format    how messages are built and read (AMQP's encoding)
 * @param resources memory, disk and the resource alarms
 */
public record Node(Broker broker, Access access, Sampler sampler, ManagementSettings settings, MessageFormat format,
                   NodeResources resources) {
    /** The token that owns what management declares (never exclusive, so never compared). */
    static final Object OWNER = new Object() {
        @Override
        public String toString() {
            return "management";
        }
    };

    /** The {@code {vhost}} path parameter (URL-decoded, so {@code %2F} is {@code /}). */
    static String vhostParam(Context ctx) {
        return ctx.pathParam("vhost");
    }

    /** The virtual host named in the path; 404 when there is none. */
    VirtualHost vhost(Context ctx) {
        VirtualHost vhost = broker.vhost(vhostParam(ctx));
        if (vhost == null) {
            throw ApiError.notFound();
        }
        return vhost;
    }

    /** An exchange name from a path: RabbitMQ's API calls the default exchange {@code amq.default}. */
    static String exchangeName(String fromPath) {
        return "amq.default".equals(fromPath) ? "" : fromPath;
    }
}
