package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ConnectionOpenOk;
import dev.spool.codec.method.ConnectionStart;
import dev.spool.codec.method.ConnectionStartOk;
import dev.spool.codec.method.ConnectionTune;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.engine.Broker;
import dev.spool.engine.EngineException;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.auth.User;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection handshake after the protocol header, as RabbitMQ's reader runs it: connection.start / start-ok
 * (PLAIN or AMQPLAIN, checked with {@link Broker#authenticate}; on a TLS listener that asks for client certificates
 * also EXTERNAL, the user named by the certificate), tune / tune-ok ({@link Tuning}), open / open-ok (the virtual
 * host's and the user's connection limits, then the user's access to the virtual host). connection.secure is never
 * needed by these mechanisms, so a secure-ok is as unexpected as any other method here.
 *
 * <p>Failures are thrown as {@link AmqpError}; {@link #tellsClient} says which ones RabbitMQ reports with
 * connection.close (a refused login when the client has the {@code authentication_failure_close} capability, a
 * refused tuning, anything at connection.open) and which ones only close the socket.
 *
 * <p>Confined to the connection's event loop.
 */
final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private static final String EXTERNAL = "EXTERNAL";

    private enum Step { START_OK, TUNE_OK, OPEN, DONE }

    private final Broker broker;
    private final AmqpSettings settings;
    private final boolean fromLoopback;
    private final Admission admission;
    /** The connection's TLS handler, or null on the plain listener. */
    private final SslHandler ssl;
    private Step step = Step.START_OK;
    private FieldTable clientProperties = FieldTable.EMPTY;
    private FieldTable capabilities = FieldTable.EMPTY;
    private User user;
    private Tuning tuning;
    private VirtualHost vhost;

    Handshake(Broker broker, AmqpSettings settings, boolean fromLoopback) {
        this(broker, settings, fromLoopback, Admission.unlimited(), null);
    }

    /**
     * @param admission the listener's admission (which mechanisms it offers)
     * @param ssl       the connection's TLS handler, or null on the plain listener
     */
    Handshake(Broker broker, AmqpSettings settings, boolean fromLoopback, Admission admission, SslHandler ssl) {
        this.broker = broker;
        this.settings = settings;
        this.fromLoopback = fromLoopback;
        this.admission = admission;
        this.ssl = ssl;
    }

    /** What the server sends first, once the protocol header was accepted. */
    ConnectionStart start() {
        return ServerProperties.connectionStart(admission.mechanisms());
    }

    /**
     * Handles the next handshake method from the client.
     *
     * @return the reply to send: tune after start-ok, nothing after tune-ok, open-ok after open
     */
    AmqpMethod onMethod(AmqpMethod method) {
        switch (step) {
            case START_OK:
                if (method instanceof ConnectionStartOk startOk) {
                    return startOk(startOk);
                }
                break;
            case TUNE_OK:
                if (method instanceof ConnectionTuneOk tuneOk) {
                    tuning = Tuning.negotiate(settings, tuneOk.channelMax(), tuneOk.frameMax(), tuneOk.heartbeat());
                    step = Step.OPEN;
                    return null;
                }
                break;
            case OPEN:
                if (method instanceof ConnectionOpen open) {
                    return open(open);
                }
                break;
            default:
                break;
        }
        throw AmqpError.at(ReplyCode.CHANNEL_ERROR, "unexpected method in connection state " + stateName(),
                method.classId(), method.methodId());
    }

    private AmqpMethod startOk(ConnectionStartOk startOk) {
        clientProperties = startOk.clientProperties() == null ? FieldTable.EMPTY : startOk.clientProperties();
        capabilities = clientProperties.get("capabilities") instanceof FieldTable table ? table : FieldTable.EMPTY;
        String mechanism = startOk.mechanism();
        boolean external = EXTERNAL.equals(mechanism) && ssl != null && admission.offersExternal();
        SaslCredentials credentials = external ? null : SaslCredentials.parse(mechanism, startOk.response());
        try {
            user = external ? broker.authenticateByCertificate(admission.externalUserName(ssl), fromLoopback)
                    : broker.authenticate(credentials.username(), credentials.password(), fromLoopback);
        } catch (EngineException e) {
            LOG.warn("{} login refused: {}", mechanism, e.getMessage());
            throw AmqpError.at(ReplyCode.ACCESS_REFUSED, "Login was refused using authentication mechanism "
                    + mechanism + ". For details see the broker logfile.", 0, 0);
        }
        step = Step.TUNE_OK;
        return new ConnectionTune(settings.channelMax(), settings.frameMax(), settings.heartbeatSeconds());
    }

    private AmqpMethod open(ConnectionOpen open) {
        String name = open.virtualHost();
        VirtualHost found = broker.vhost(name);
        if (found == null) {
            throw AmqpError.of(ReplyCode.NOT_ALLOWED, "vhost " + name + " not found");
        }
        try {
            broker.limits().connectionOpened(user.name(), name); // RabbitMQ checks the limits before the access
        } catch (EngineException e) {
            throw AmqpError.of(ErrorMapper.code(e.condition()), e.getMessage());
        }
        if (!broker.canAccessVhost(user, name)) {
            broker.limits().connectionClosed(user.name(), name);
            throw AmqpError.of(ReplyCode.NOT_ALLOWED,
                    "access to vhost '" + name + "' refused for user '" + user.name() + "'");
        }
        vhost = found;
        step = Step.DONE;
        return new ConnectionOpenOk("");
    }

    /** Whether RabbitMQ answers this handshake failure with connection.close (else it just closes the socket). */
    boolean tellsClient(AmqpError error) {
        switch (step) {
            case START_OK:
                return error.replyCode() == ReplyCode.ACCESS_REFUSED
                        && Boolean.TRUE.equals(capabilities.getBoolean("authentication_failure_close"));
            case TUNE_OK:
                return error.replyCode() == ReplyCode.NOT_ALLOWED;
            default:
                return true;
        }
    }

    boolean isDone() {
        return step == Step.DONE;
    }

    /** RabbitMQ's name for the connection state, as its error texts show it. */
    private String stateName() {
        switch (step) {
            case START_OK:
                return "starting";
            case TUNE_OK:
                return "tuning";
            case OPEN:
                return "opening";
            default:
                return "running";
        }
    }

    Tuning tuning() {
        return tuning;
    }

    User user() {
        return user;
    }

    VirtualHost vhost() {
        return vhost;
    }

    FieldTable clientProperties() {
        return clientProperties;
    }

    /** Whether the client's capabilities table says {@code name} is true. */
    boolean clientCan(String name) {
        return Boolean.TRUE.equals(capabilities.getBoolean(name));
    }
}
