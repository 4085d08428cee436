package dev.spool.management;

import dev.spool.engine.Broker;
import dev.spool.engine.EngineException;
import dev.spool.engine.message.MessageFormat;
import dev.spool.management.api.Access;
import dev.spool.management.api.ApiError;
import dev.spool.management.api.ApiRoutes;
import dev.spool.management.api.Json;
import dev.spool.management.api.Node;
import dev.spool.management.metrics.MetricsEndpoint;
import dev.spool.management.stats.Sampler;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener: one Jetty server (through Javalin) on the HTTP port serving RabbitMQ's management API
 * under {@code /api} (HTTP Basic authentication on every request), Prometheus metrics under {@code /metrics} (no
 * authentication, as RabbitMQ's plugin) and the web UI's static files ({@link WebUi}), plus the {@link Sampler} that
 * turns counters into rates. With {@link ManagementSettings#tls()} the same server also listens for HTTPS on a second
 * port ({@link HttpsConnector}); both ports serve the same routes.
 *
 * <p>Paths carry virtual hosts URL-encoded ({@code /} is {@code %2F}), so Jetty is told to accept encoded slashes in
 * path segments, which it rejects by default; Javalin decodes path parameters after matching.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} are for the thread that manages the broker's lifecycle;
 * requests run on Jetty's pool.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final ManagementSettings settings;
    private final Broker broker;
    private final MessageFormat format;
    private final NodeResources resources;
    private final Sampler sampler;
    private Javalin app;
    /** The HTTPS connector once started with TLS settings, else null; for its bound port. */
    private volatile ServerConnector https;

    /** A management server that reports no resource alarms (the node's resources are not watched). */
    public ManagementServer(ManagementSettings settings, Broker broker, MessageFormat format) {
        this(settings, broker, format, NodeResources.unwatched(settings.dataDir()));
    }

    /**
     * @param resources the node's memory, disk and alarm state, as the server's alarm checker sees them
     */
    public ManagementServer(ManagementSettings settings, Broker broker, MessageFormat format,
                            NodeResources resources) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.format = Objects.requireNonNull(format, "format");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.sampler = new Sampler(broker, settings.sampleIntervalMillis());
    }

    /** Binds the port, starts serving and sampling. */
    public synchronized void start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        Node node = new Node(broker, new Access(broker), sampler, settings, format, resources);
        Javalin created = Javalin.create(config -> configure(config, node));
        try {
            created.start();
        } catch (RuntimeException e) {
            created.stop();
            throw e;
        }
        app = created;
        sampler.start();
        LOG.info("Management API on http://{}:{}/api, Prometheus metrics on /metrics", settings.host(), port());
        if (settings.tls() != null) {
            LOG.info("Management API on https://{}:{}/api ({}, client certificates: {})", settings.host(),
                    httpsPort(), String.join("/", settings.tls().protocols()), settings.tls().clientAuth());
        }
    }

    private void configure(JavalinConfig config, Node node) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.router.ignoreTrailingSlashes = true;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setUriCompliance(UriCompliance.UNSAFE);
            http.setSendServerVersion(false);
        });
        // The plain connector first: Javalin reports the first connector's port as its own.
        config.jetty.addConnector((server, http) -> {
            ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
            plain.setHost(settings.host());
            plain.setPort(settings.port());
            return plain;
        });
        if (settings.tls() != null) {
            config.jetty.addConnector((server, http) -> {
                https = HttpsConnector.create(server, http, settings.host(), settings.tls());
                return https;
            });
        }
        config.jetty.modifyServletContextHandler(handler -> handler.getServletHandler().setDecodeAmbiguousURIs(true));
        WebUi.serve(config);
        config.routes.before("/api/*", ctx -> ctx.attribute(Access.CALLER_ATTRIBUTE,
                node.access().authenticate(ctx)));
        ApiRoutes.register(config.routes, node);
        new MetricsEndpoint(broker, sampler, settings, resources).routes(config.routes);
        config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e));
        config.routes.exception(EngineException.class, (e, ctx) -> error(ctx, ApiError.of(e)));
        config.routes.exception(IllegalArgumentException.class,
                (e, ctx) -> error(ctx, ApiError.badRequest(String.valueOf(e.getMessage()))));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("management request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, new ApiError(500, "internal_error", String.valueOf(e)));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, ApiError.notFound());
            }
        });
        config.routes.error(405, ctx -> error(ctx, new ApiError(405, "Method Not Allowed",
                ctx.method() + " is not allowed on " + ctx.path())));
    }

    private static void error(Context ctx, ApiError e) {
        if (e.status() == 401 && !WebUi.isScriptRequest(ctx)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("reason", e.reason());
        Json.write(ctx, e.status(), body);
    }

    /** The bound port (the real one when the settings asked for 0). */
    public int port() {
        Javalin running = app;
        if (running == null) {
            throw new IllegalStateException("not started");
        }
        return running.port();
    }

    /** The bound HTTPS port (the real one when the settings asked for 0), or -1 when there is no HTTPS listener. */
    public int httpsPort() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        ServerConnector connector = https;
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The statistics sampler (tests call {@link Sampler#sampleNow()} instead of waiting for its timer). */
    public Sampler sampler() {
        return sampler;
    }

    /** Stops sampling and serving. Idempotent. */
    @Override
    public synchronized void close() {
        sampler.close();
        if (app != null) {
            app.stop();
            app = null;
            LOG.info("Management API stopped");
        }
    }
}
