package dev.spool.engine.durable;

import dev.spool.engine.EngineException;
import dev.spool.engine.ErrorCondition;
import dev.spool.engine.VhostMetadata;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.auth.TopicPermission;
import dev.spool.engine.auth.TopicPermissionJournal;
import dev.spool.engine.auth.UserJournal;
import dev.spool.engine.limits.LimitsJournal;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;
import dev.spool.engine.policy.CompiledPolicy;
import dev.spool.engine.exchange.Binding;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.queue.Queue;
import dev.spool.store.definitions.RecordLog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The broker's durable definitions as records of the store's {@link RecordLog}: one record type per kind, keyed by what
 * names the thing, written (and fsynced) before the change is made in memory, so that what a client was told is
 * declared is never forgotten by a crash. Deleting something that was never journaled (a transient queue, a binding to
 * one) costs a map lookup and writes nothing.
 *
 * <p>Layout of each kind (strings are {@link DataOutputStream#writeUTF} strings, arguments a length-prefixed blob from
 * the {@link ArgumentCodec}, empty for none):
 * <pre>
 *  type            key                                             value
 *  1 vhost         name                                            id (int)
 *  2 user          name                                            password hash, tag count (int), tags
 *  3 permission    user, vhost                                     configure, write, read
 *  4 exchange      vhost, name                                     type, auto-delete, internal, arguments
 *  5 queue         vhost, name                                     id (int), auto-delete, arguments
 *  6 binding       vhost, source, to-queue, destination, key, arguments (keys sorted)    (empty)
 * 10 policy        vhost, name                                     pattern, apply-to, priority (int), definition
 * 11 op. policy    vhost, name                                     same as policy
 * 12 topic perm.   user, vhost, exchange                           write, read
 * 13 vhost limits  vhost                                           max connections (int), max queues (int)
 * 14 user limits   user                                            max connections (int), max channels (int)
 * 15 vhost meta    vhost                                           description, tag count (int), tags, queue type
 * </pre>
 * A policy's definition is written by the {@link PlainValueCodec} (it holds JSON values, not field-table ones).
 * A binding's arguments are part of its identity (as in AMQP), so they are in its key, in sorted order so that the
 * same arguments in another order name the same record.
 *
 * <p>Thread-safe ({@link RecordLog} is); callers hold the lock of what they change, which keeps the journal in the
 * order the changes were made. A write failure becomes {@link ErrorCondition#INTERNAL_ERROR}.
 */
public final class DefinitionJournal implements UserJournal, TopicPermissionJournal, LimitsJournal {
    static final int VHOST = 1;
    static final int USER = 2;
    static final int PERMISSION = 3;
    static final int EXCHANGE = 4;
    static final int QUEUE = 5;
    static final int BINDING = 6;
    static final int POLICY = 10;
    static final int OPERATOR_POLICY = 11;
    static final int TOPIC_PERMISSION = 12;
    static final int VHOST_LIMITS = 13;
    static final int USER_LIMITS = 14;
    static final int VHOST_METADATA = 15;

    private static final byte[] EMPTY = new byte[0];

    private final RecordLog log;
    private final ArgumentCodec arguments;

    public DefinitionJournal(RecordLog log, ArgumentCodec arguments) {
        this.log = log;
        this.arguments = arguments;
    }

    /** Decodes everything the journal holds (at start). */
    public Definitions load() {
        List<Definitions.VirtualHostRecord> vhosts = new ArrayList<>();
        List<Definitions.UserRecord> users = new ArrayList<>();
        List<Definitions.PermissionRecord> permissions = new ArrayList<>();
        List<Definitions.ExchangeRecord> exchanges = new ArrayList<>();
        List<Definitions.QueueRecord> queues = new ArrayList<>();
        List<Definitions.BindingRecord> bindings = new ArrayList<>();
        List<Definitions.PolicyRecord> policies = new ArrayList<>();
        List<Definitions.TopicPermissionRecord> topicPermissions = new ArrayList<>();
        List<Definitions.VhostLimitsRecord> vhostLimits = new ArrayList<>();
        List<Definitions.UserLimitsRecord> userLimits = new ArrayList<>();
        List<Definitions.VhostMetadataRecord> vhostMetadata = new ArrayList<>();
        log.forEach((type, key, value) -> {
            try {
                DataInputStream k = in(key);
                DataInputStream v = in(value);
                switch (type) {
                    case VHOST -> vhosts.add(new Definitions.VirtualHostRecord(k.readUTF(), v.readInt()));
                    case USER -> users.add(new Definitions.UserRecord(k.readUTF(), v.readUTF(), readTags(v)));
                    case PERMISSION -> permissions.add(new Definitions.PermissionRecord(k.readUTF(), k.readUTF(),
                            new Permission(v.readUTF(), v.readUTF(), v.readUTF())));
                    case EXCHANGE -> exchanges.add(new Definitions.ExchangeRecord(k.readUTF(), k.readUTF(),
                            v.readUTF(), v.readBoolean(), v.readBoolean(), readArguments(v)));
                    case QUEUE -> queues.add(new Definitions.QueueRecord(k.readUTF(), k.readUTF(), v.readInt(),
                            v.readBoolean(), readArguments(v)));
                    case BINDING -> {
                        String vhost = k.readUTF();
                        String source = k.readUTF();
                        boolean toQueue = k.readBoolean();
                        String destination = k.readUTF();
                        String routingKey = k.readUTF();
                        bindings.add(new Definitions.BindingRecord(vhost,
                                new Binding(source, destination, toQueue, routingKey, readArguments(k))));
                    }
                    case POLICY, OPERATOR_POLICY -> policies.add(new Definitions.PolicyRecord(k.readUTF(),
                            k.readUTF(), type == OPERATOR_POLICY, v.readUTF(), v.readUTF(), v.readInt(),
                            readDefinition(v)));
                    case TOPIC_PERMISSION -> topicPermissions.add(new Definitions.TopicPermissionRecord(
                            k.readUTF(), k.readUTF(), new TopicPermission(k.readUTF(), v.readUTF(), v.readUTF())));
                    case VHOST_LIMITS -> vhostLimits.add(new Definitions.VhostLimitsRecord(k.readUTF(),
                            new VhostLimits(v.readInt(), v.readInt())));
                    case USER_LIMITS -> userLimits.add(new Definitions.UserLimitsRecord(k.readUTF(),
                            new UserLimits(v.readInt(), v.readInt())));
                    case VHOST_METADATA -> vhostMetadata.add(new Definitions.VhostMetadataRecord(k.readUTF(),
                            new VhostMetadata(v.readUTF(), new ArrayList<>(readTags(v)), v.readUTF())));
                    default -> throw new IOException("unknown definition type " + type);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("damaged definition of type " + type + " in the definitions log", e);
            }
        });
        return new Definitions(vhosts, users, permissions, exchanges, queues, bindings, policies, topicPermissions,
                vhostLimits, userLimits, vhostMetadata);
    }

    /** Rewrites the journal as its live records only (at start). */
    public void compact() throws IOException {
        log.compact();
    }

    public void putVhost(String name, int id) {
        put(VHOST, encode(name), out -> out.writeInt(id));
    }

    public void deleteVhost(String name) {
        delete(VHOST, encode(name));
    }

    public void putExchange(String vhost, Exchange exchange) {
        put(EXCHANGE, encode(vhost, exchange.name()), out -> {
            out.writeUTF(exchange.type());
            out.writeBoolean(exchange.autoDelete());
            out.writeBoolean(exchange.internal());
            writeArguments(out, exchange.arguments(), false);
        });
    }

    public void deleteExchange(String vhost, String name) {
        delete(EXCHANGE, encode(vhost, name));
    }

    public void putQueue(String vhost, Queue queue) {
        put(QUEUE, encode(vhost, queue.name()), out -> {
            out.writeInt(queue.id());
            out.writeBoolean(queue.settings().autoDelete());
            writeArguments(out, queue.settings().arguments(), false);
        });
    }

    public void deleteQueue(String vhost, String name) {
        delete(QUEUE, encode(vhost, name));
    }

    public void putBinding(String vhost, Binding binding) {
        put(BINDING, bindingKey(vhost, binding), out -> { });
    }

    public void deleteBinding(String vhost, Binding binding) {
        delete(BINDING, bindingKey(vhost, binding));
    }

    /** Records a policy or operator policy (by its kind), replacing the one of the same name. */
    public void putPolicy(CompiledPolicy policy) {
        put(policy.isOperatorPolicy() ? OPERATOR_POLICY : POLICY, encode(policy.vhost(), policy.name()), out -> {
            out.writeUTF(policy.pattern());
            out.writeUTF(policy.applyTo().text());
            out.writeInt(policy.priority());
            PlainValueCodec.write(out, policy.definition());
        });
    }

    public void deletePolicy(String vhost, String name, boolean operator) {
        delete(operator ? OPERATOR_POLICY : POLICY, encode(vhost, name));
    }

    @Override
    public void putTopicPermission(String user, String vhost, TopicPermission permission) {
        put(TOPIC_PERMISSION, encode(user, vhost, permission.exchange()), out -> {
            out.writeUTF(permission.write());
            out.writeUTF(permission.read());
        });
    }

    @Override
    public void deleteTopicPermission(String user, String vhost, String exchange) {
        delete(TOPIC_PERMISSION, encode(user, vhost, exchange));
    }

    @Override
    public void putVhostLimits(String vhost, VhostLimits limits) {
        put(VHOST_LIMITS, encode(vhost), out -> {
            out.writeInt(limits.maxConnections());
            out.writeInt(limits.maxQueues());
        });
    }

    @Override
    public void deleteVhostLimits(String vhost) {
        delete(VHOST_LIMITS, encode(vhost));
    }

    @Override
    public void putUserLimits(String user, UserLimits limits) {
        put(USER_LIMITS, encode(user), out -> {
            out.writeInt(limits.maxConnections());
            out.writeInt(limits.maxChannels());
        });
    }

    @Override
    public void deleteUserLimits(String user) {
        delete(USER_LIMITS, encode(user));
    }

    public void putVhostMetadata(String vhost, VhostMetadata metadata) {
        put(VHOST_METADATA, encode(vhost), out -> {
            out.writeUTF(metadata.description());
            out.writeInt(metadata.tags().size());
            for (String tag : metadata.tags()) {
                out.writeUTF(tag);
            }
            out.writeUTF(metadata.defaultQueueType());
        });
    }

    public void deleteVhostMetadata(String vhost) {
        delete(VHOST_METADATA, encode(vhost));
    }

    @Override
    public void putUser(String name, String passwordHash, Set<String> tags) {
        put(USER, encode(name), out -> {
            out.writeUTF(passwordHash);
            out.writeInt(tags.size());
            for (String tag : tags) {
                out.writeUTF(tag);
            }
        });
    }

    @Override
    public void deleteUser(String name) {
        delete(USER, encode(name));
    }

    @Override
    public void putPermission(String user, String vhost, Permission permission) {
        put(PERMISSION, encode(user, vhost), out -> {
            out.writeUTF(permission.configure());
            out.writeUTF(permission.write());
            out.writeUTF(permission.read());
        });
    }

    @Override
    public void deletePermission(String user, String vhost) {
        delete(PERMISSION, encode(user, vhost));
    }

    // ---- encoding -------------------------------------------------------------------------------------------------

    /** Writes one value. */
    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private void put(int type, byte[] key, Writer value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            value.write(new DataOutputStream(bytes));
            log.put(type, key, bytes.toByteArray());
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private void delete(int type, byte[] key) {
        try {
            log.delete(type, key);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private byte[] bindingKey(String vhost, Binding binding) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeUTF(vhost);
            out.writeUTF(binding.source());
            out.writeBoolean(binding.destinationIsQueue());
            out.writeUTF(binding.destination());
            out.writeUTF(binding.routingKey());
            writeArguments(out, binding.arguments(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    private void writeArguments(DataOutputStream out, Map<String, Object> args, boolean sorted) throws IOException {
        byte[] encoded = args.isEmpty() ? EMPTY : arguments.encode(sorted ? new TreeMap<>(args) : args);
        out.writeInt(encoded.length);
        out.write(encoded);
    }

    private Map<String, Object> readArguments(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return Map.of();
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        return arguments.decode(encoded);
    }

    private static Map<String, Object> readDefinition(DataInputStream in) throws IOException {
        if (in.readUnsignedByte() != 'M') {
            throw new IOException("a policy definition that is not a map");
        }
        return PlainValueCodec.readMap(in);
    }

    private static Set<String> readTags(DataInputStream in) throws IOException {
        int count = in.readInt();
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            tags.add(in.readUTF());
        }
        return tags;
    }

    private static byte[] encode(String... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            for (String part : parts) {
                out.writeUTF(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static EngineException failure(IOException e) {
        return new EngineException(ErrorCondition.INTERNAL_ERROR, "cannot write the definitions log: "
                + e.getMessage());
    }
}
