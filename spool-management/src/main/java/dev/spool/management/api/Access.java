package dev.spool.management.api;

import dev.spool.engine.Broker;
import dev.spool.engine.EngineException;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.User;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is calling and what they may do, with RabbitMQ's management rules:
 * <ul>
 *   <li>HTTP Basic credentials are checked against the broker's users (and its loopback-only users); a user needs one
 *   of the tags {@code management}, {@code policymaker}, {@code monitoring} or {@code administrator} to use the API
 *   at all (401 otherwise).</li>
 *   <li>{@code management}: sees and acts on the virtual hosts it has permissions on, and its own connections.</li>
 *   <li>{@code policymaker}: also manages policies in those virtual hosts.</li>
 *   <li>{@code monitoring}: also sees every virtual host, connection and channel, and node data; changes nothing it
 *   has no permissions for.</li>
 *   <li>{@code administrator}: everything, including users, virtual hosts, permissions and definitions.</li>
 *   <li>Acting on a queue or exchange also needs the resource permission AMQP would need (configure to declare or
 *   delete, write to publish, read to get or purge), whatever the tags.</li>
 * </ul>
 * An authenticated user refused an action gets 403. Stateless; any request thread.
 */
public final class Access {
    public static final String CALLER_ATTRIBUTE = "spool.caller";

    private final Broker broker;

    public Access(Broker broker) {
        this.broker = broker;
    }

    /** The authenticated caller; throws 401 when the credentials are missing or wrong. */
    public Caller authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiError.unauthorized("Not_Authorized");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.unauthorized("Not_Authorized");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw ApiError.unauthorized("Not_Authorized");
        }
        User user;
        try {
            user = broker.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1),
                    fromLoopback(ctx.req().getRemoteAddr()));
        } catch (EngineException e) {
            throw ApiError.unauthorized(e.getMessage().contains("localhost")
                    ? "User can only log in via localhost" : "Login failed");
        }
        Caller caller = new Caller(user);
        if (!caller.management()) {
            throw ApiError.unauthorized("Not management user");
        }
        return caller;
    }

    private static boolean fromLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The caller that the before-handler authenticated. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller == null) {
            throw ApiError.unauthorized("Not_Authorized");
        }
        return caller;
    }

    void requireAdministrator(Caller caller) {
        if (!caller.administrator()) {
            throw ApiError.forbidden("Not administrator user");
        }
    }

    void requireMonitoring(Caller caller) {
        if (!caller.monitoring()) {
            throw ApiError.forbidden("Not monitor user");
        }
    }

    /** Whether the caller may see the virtual host's objects. */
    boolean canSee(Caller caller, String vhost) {
        return caller.monitoring() || broker.users().permission(caller.name(), vhost) != null;
    }

    /** 404 for a missing virtual host, 403 for one the caller may not see. */
    void requireVisible(Caller caller, String vhost) {
        if (broker.vhost(vhost) == null) {
            throw ApiError.notFound();
        }
        if (!canSee(caller, vhost)) {
            throw ApiError.forbidden("User not authorised to access virtual host");
        }
    }

    /** 403 unless the caller has permissions on the virtual host (what changing anything in it needs). */
    void requireVhostAccess(Caller caller, String vhost) {
        if (broker.vhost(vhost) == null) {
            throw ApiError.notFound();
        }
        if (broker.users().permission(caller.name(), vhost) == null) {
            throw ApiError.forbidden("User not authorised to access virtual host");
        }
    }

    /** policymaker or administrator, with access to the virtual host. */
    void requirePolicymaker(Caller caller, String vhost) {
        if (!caller.policymaker()) {
            throw ApiError.forbidden("Not policymaker user");
        }
        requireVhostAccess(caller, vhost);
    }

    /** Configure permission on a resource (declare, delete). */
    void requireConfigure(Caller caller, String vhost, String kind, String name) {
        require(caller, vhost, kind, name, "configure");
    }

    /** Write permission on a resource (publish to an exchange, bind to a queue). */
    void requireWrite(Caller caller, String vhost, String kind, String name) {
        require(caller, vhost, kind, name, "write");
    }

    /** Read permission on a resource (get, purge, bind from an exchange). */
    void requireRead(Caller caller, String vhost, String kind, String name) {
        require(caller, vhost, kind, name, "read");
    }

    private void require(Caller caller, String vhost, String kind, String name, String access) {
        requireVhostAccess(caller, vhost);
        Permission permission = broker.users().permission(caller.name(), vhost);
        dev.spool.engine.auth.Access wanted = "configure".equals(access) ? dev.spool.engine.auth.Access.CONFIGURE
                : "write".equals(access) ? dev.spool.engine.auth.Access.WRITE : dev.spool.engine.auth.Access.READ;
        // the same rule as AMQP: RabbitMQ's unanchored search, an empty expression grants nothing
        if (permission == null || !permission.permits(wanted, name)) {
            throw ApiError.forbidden("access to " + kind + " '" + name + "' in vhost '" + vhost + "' refused for user '"
                    + caller.name() + "'");
        }
    }

    /** An authenticated user and what its tags allow. Immutable. */
    public record Caller(User user) {
        String name() {
            return user.name();
        }

        boolean administrator() {
            return user.tags().contains("administrator");
        }

        boolean monitoring() {
            return administrator() || user.tags().contains("monitoring");
        }

        boolean policymaker() {
            return administrator() || user.tags().contains("policymaker");
        }

        boolean management() {
            return monitoring() || policymaker() || user.tags().contains("management");
        }
    }
}
