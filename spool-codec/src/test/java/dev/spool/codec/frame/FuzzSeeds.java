package dev.spool.codec.frame;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.Hex;
import dev.spool.codec.LongString;
import dev.spool.codec.Timestamp;
import dev.spool.codec.UnsignedByte;
import dev.spool.codec.UnsignedInt;
import dev.spool.codec.UnsignedShort;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicDeliver;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicQos;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ConnectionOpenOk;
import dev.spool.codec.method.ConnectionStart;
import dev.spool.codec.method.ConnectionStartOk;
import dev.spool.codec.method.ConnectionTune;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.codec.method.MethodSamples;
import dev.spool.codec.method.QueueBind;
import dev.spool.codec.method.QueueDeclare;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes the seed inputs of the four fuzz targets into {@code src/test/resources}, where the fuzz tests replay them
 * in every build and start fuzzing from them. Not part of the build (its name matches no test pattern); run it after
 * changing the encoders or the seeds, from the repository root:
 * <pre>
 * ./mvnw -q -pl spool-codec test -Dtest=FuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It rewrites only the files it names; findings saved next to them by fuzz runs stay.
 */
class FuzzSeeds {
    private static final Path RESOURCES = Path.of("src/test/resources/dev/spool/codec");

    @Test
    void writeSeeds() throws IOException {
        write(RESOURCES.resolve("FieldTableFuzzTestInputs")
                .resolve("anyBytesDecodeToATableThatRoundTripsOrFailWithWireFormatException"), tables());
        write(RESOURCES.resolve("BasicPropertiesFuzzTestInputs")
                .resolve("anyBytesDecodeToPropertiesThatRoundTripAndAgreeWithThePeeksOrFailWithWireFormatException"),
                properties());
        write(RESOURCES.resolve("method/MethodRegistryFuzzTestInputs")
                .resolve("anyIdsAndArgumentsDecodeToAMethodThatRoundTripsOrToNullOrFailAsDocumented"), methods());
        write(RESOURCES.resolve("frame/FrameDecoderFuzzTestInputs")
                .resolve("anyBytesInAnyFragmentsGiveOnlyFramesOrOneHardErrorAndReleaseEveryBuffer"), streams());
    }

    private static void write(Path directory, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(directory.resolve(seed.getKey()), seed.getValue());
        }
    }

    // ---- field tables ----

    private static Map<String, byte[]> tables() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("empty", Hex.bytes("00000000"));
        seeds.put("queue-arguments", table(MethodSamples.sampleTable()));
        seeds.put("every-type", table(everyType()));
        seeds.put("client-properties", table(clientProperties()));
        seeds.put("nested-100-deep", FrameDecoderFixture.nestedTables(100));
        seeds.put("nested-101-deep", FrameDecoderFixture.nestedTables(101));
        // Also makes libFuzzer try inputs this large (it caps them at the largest seed, or 4096).
        seeds.put("nested-10000-deep", FrameDecoderFixture.nestedTables(10_000));
        seeds.put("long-string-of-4-gibibytes", Hex.bytes("00000009 0161 53 ffffffff 6869"));
        seeds.put("byte-array-of-2-gibibytes", Hex.bytes("00000009 0162 78 7fffffff 6869"));
        seeds.put("nested-table-longer-than-its-parent", Hex.bytes("00000008 0163 46 7ffffff0 00"));
        seeds.put("array-of-arrays", Hex.bytes("00000014 0161 41 0000000d 41 00000006 49 00000001 56 56 56"));
        seeds.put("legacy-L-duplicate-name-and-boolean-2", Hex.bytes("00000013 016c 4c 0000000000000007"
                + " 016c 74 01 0174 74 02"));
        seeds.put("unknown-type", Hex.bytes("00000003 0161 3f"));
        seeds.put("malformed-utf8-name", Hex.bytes("00000004 01c3 74 01"));
        return seeds;
    }

    private static FieldTable everyType() {
        return FieldTable.builder()
                .put("t", true).put("b", (byte) -1).put("B", new UnsignedByte(255)).put("s", (short) -2)
                .put("u", new UnsignedShort(65535)).put("I", -3).put("i", new UnsignedInt(0xFFFF_FFFFL))
                .put("l", Long.MIN_VALUE).put("f", Float.NaN).put("d", -0.0d)
                .put("D", new BigDecimal("-2147483.648")).put("S", LongString.of("ünïcödé"))
                .put("x", new byte[] {0, (byte) 0xCE}).put("A", List.of(1, "two", List.of()))
                .put("T", new Timestamp(-1)).put("F", Map.of("inner", FieldTable.EMPTY)).put("V", null)
                .build();
    }

    private static FieldTable clientProperties() {
        return FieldTable.builder()
                .put("product", "RabbitMQ").put("version", "5.37.0").put("platform", "Java")
                .put("copyright", "Copyright (c) 2007-2025 Broadcom Inc. and/or its subsidiaries.")
                .put("information", "Licensed under the MPL. See https://www.rabbitmq.com/")
                .put("capabilities", FieldTable.builder().put("publisher_confirms", true)
                        .put("exchange_exchange_bindings", true).put("basic.nack", true)
                        .put("consumer_cancel_notify", true).put("connection.blocked", true)
                        .put("authentication_failure_close", true).build())
                .put("connection_name", "orders-service")
                .build();
    }

    private static byte[] table(FieldTable table) {
        ByteBuf out = Unpooled.buffer();
        FieldTable.encode(out, table);
        return ByteBufUtil.getBytes(out);
    }

    // ---- basic properties ----

    private static Map<String, byte[]> properties() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("empty", Hex.bytes("0000"));
        seeds.put("persistent-text", properties(BasicProperties.builder().contentType("text/plain").deliveryMode(2)
                .build()));
        seeds.put("all-fourteen", properties(allFourteen()));
        seeds.put("headers-priority-expiration", properties(BasicProperties.builder()
                .headers(MethodSamples.sampleTable()).priority(9).expiration("60000").build()));
        seeds.put("continuation-word", Hex.bytes("8001 0000 0a 746578742f706c61696e"));
        seeds.put("continuation-word-flagging-a-property", Hex.bytes("0001 8000"));
        seeds.put("headers-longer-than-the-rest", Hex.bytes("2000 7fffffff 00"));
        seeds.put("octets-after-the-properties", Hex.bytes("1000 02 ff"));
        return seeds;
    }

    private static BasicProperties allFourteen() {
        return BasicProperties.builder().contentType("application/json").contentEncoding("gzip")
                .headers(FieldTable.builder().put("x-match", "all").put("attempt", 3).build())
                .deliveryMode(2).priority(255).correlationId("c-1").replyTo("amq.rabbitmq.reply-to")
                .expiration("1000").messageId("m-1").timestamp(1_700_000_000L).type("order.created")
                .userId("guest").appId("orders").clusterId("").build();
    }

    private static byte[] properties(BasicProperties properties) {
        ByteBuf out = Unpooled.buffer();
        properties.encode(out);
        return ByteBufUtil.getBytes(out);
    }

    // ---- methods: class id, method id, arguments ----

    private static Map<String, byte[]> methods() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (Class<?> type : MethodSamples.types()) {
            for (int variant = 0; variant < MethodSamples.VARIANTS; variant++) {
                AmqpMethod method = MethodSamples.sample(type, variant);
                ByteBuf out = Unpooled.buffer().writeShort(method.classId()).writeShort(method.methodId());
                method.encodeArguments(out);
                seeds.put(method.name() + (variant == 0 ? "-typical" : "-extremes"), ByteBufUtil.getBytes(out));
            }
        }
        seeds.put("unknown-method", Hex.bytes("003c 03e7"));
        seeds.put("truncated-queue.declare", Hex.bytes("0032 000a 0000 05 7175"));
        return seeds;
    }

    // ---- frame streams, in FrameDecoderFuzzTest.Input's layout ----

    private static Map<String, byte[]> streams() {
        int header = FrameDecoderFuzzTest.Input.WITH_PROTOCOL_HEADER;
        int client = FrameDecoderFuzzTest.Input.CLIENT_SIDE;
        int[] none = {};
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] session = clientSession();
        seeds.put("client-session", input(header, none, session));
        seeds.put("client-session-in-fragments", input(header, new int[] {0, 1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29,
                31, 37, 255}, session));
        seeds.put("client-session-one-octet-at-a-time", input(0, ones(15),
                concat(Frames.protocolHeaderBytes(), session)));
        seeds.put("large-body-after-tuning-to-131072", input(header | 1 << 2, new int[] {100, 200},
                publish(1, new byte[6000], 131_072)));
        seeds.put("large-body-before-tuning", input(header, none, publish(1, new byte[6000], 131_072)));
        seeds.put("huge-declared-size-without-frame-max", input(header | 2 << 2, new int[] {20},
                Hex.bytes("03 0001 7fffff00 00 01 02 03")));
        seeds.put("four-gibibyte-declared-size-with-largest-frame-max", input(header | 3 << 2, none,
                Hex.bytes("03 0001 ffffffff 00")));
        seeds.put("server-frames-to-a-client", input(client, new int[] {3, 3}, serverFrames()));
        seeds.put("protocol-0-8", input(0, none, Hex.bytes("414d5150 01010800")));
        seeds.put("http-request", input(0, none, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        seeds.put("tls-client-hello", input(0, new int[] {1}, Hex.bytes("16 0301 00c8 01 0000c4 0303")));
        seeds.put("wrong-frame-end", input(header, none, Hex.bytes("08 0000 00000000 00")));
        seeds.put("unknown-frame-type", input(header, none, Hex.bytes("04 0000 00000000 ce")));
        seeds.put("heartbeat-on-channel-1", input(header, none, Hex.bytes("08 0001 00000000 ce")));
        seeds.put("content-body-on-channel-0", input(header, none, Hex.bytes("03 0000 00000001 61 ce")));
        seeds.put("content-header-with-weight", input(header, none,
                Hex.bytes("02 0001 0000000e 003c 0001 0000000000000000 0000 ce")));
        seeds.put("malformed-properties", input(header, none,
                Hex.bytes("02 0001 0000000f 003c 0000 0000000000000001 8000 ff ce")));
        seeds.put("method-shorter-than-its-ids", input(header, none, Hex.bytes("01 0000 00000002 000a ce")));
        seeds.put("unknown-method", input(header, none, Hex.bytes("01 0001 00000004 003c 03e7 ce")));
        seeds.put("truncated-arguments", input(header, none, Hex.bytes("01 0001 00000006 0014 000a 05 41 ce")));
        seeds.put("octets-after-the-arguments", input(header, none,
                Hex.bytes("01 0001 00000007 0014 000a 00 ffff ce")));
        seeds.put("frame-larger-than-4096", input(header, none, Hex.bytes("03 0001 00001001 00")));
        // Also makes libFuzzer try inputs this large (it caps them at the largest seed, or 4096).
        seeds.put("table-nested-10000-deep", input(header | 1 << 2, none,
                concat(Hex.bytes("01 0001"), methodPayloadWithTable(10_000))));
        return seeds;
    }

    /** What a client sends from start-ok to close: several methods, content split over two body frames, a heartbeat. */
    private static byte[] clientSession() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, 0, new ConnectionStartOk(clientProperties(), "PLAIN",
                "\0guest\0guest".getBytes(StandardCharsets.UTF_8), "en_US"));
        Frames.writeMethodFrame(out, 0, new ConnectionTuneOk(2047, 4096, 60));
        Frames.writeMethodFrame(out, 0, new ConnectionOpen("/", "", false));
        Frames.writeMethodFrame(out, 1, new ChannelOpen(""));
        Frames.writeMethodFrame(out, 1, new ConfirmSelect(false));
        Frames.writeMethodFrame(out, 1, new QueueDeclare(0, "orders", false, true, false, false, false,
                MethodSamples.sampleTable()));
        Frames.writeMethodFrame(out, 1, new QueueBind(0, "orders", "amq.topic", "order.*", false,
                FieldTable.EMPTY));
        Frames.writeMethodFrame(out, 1, new BasicQos(0, 10, false));
        Frames.writeMethodFrame(out, 1, new BasicConsume(0, "orders", "", false, false, false, false,
                FieldTable.EMPTY));
        out.writeBytes(publish(1, "{\"order\":42,\"lines\":[1,2,3]}".getBytes(StandardCharsets.UTF_8), 4096));
        byte[] twoFrames = new byte[4100];
        Arrays.fill(twoFrames, (byte) 'x');
        out.writeBytes(publish(1, twoFrames, 4096));
        Frames.writeHeartbeat(out);
        Frames.writeMethodFrame(out, 1, new BasicAck(1, true));
        Frames.writeMethodFrame(out, 1, new ChannelClose(200, "Goodbye", 0, 0));
        Frames.writeMethodFrame(out, 0, new ConnectionClose(200, "OK", 0, 0));
        return ByteBufUtil.getBytes(out);
    }

    /** What a server sends a client, for a decoder that expects no protocol header. */
    private static byte[] serverFrames() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, 0, new ConnectionStart(0, 9, clientProperties(),
                "PLAIN AMQPLAIN".getBytes(StandardCharsets.UTF_8), "en_US".getBytes(StandardCharsets.UTF_8)));
        Frames.writeMethodFrame(out, 0, new ConnectionTune(2047, 131_072, 60));
        Frames.writeMethodFrame(out, 0, new ConnectionOpenOk(""));
        Frames.writeMethodFrame(out, 1, new BasicDeliver("amq.ctag-1", 1, false, "", "orders"));
        Frames.writeContentHeader(out, 1, 5, BasicProperties.builder().deliveryMode(2).build());
        Frames.writeContentBody(out, 1, Unpooled.wrappedBuffer("hello".getBytes(StandardCharsets.UTF_8)), 4096);
        return ByteBufUtil.getBytes(out);
    }

    /** basic.publish with its content header and body frames. */
    private static byte[] publish(int channel, byte[] body, long frameMax) {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, channel, new BasicPublish(0, "amq.topic", "order.created", true, false));
        Frames.writeContentHeader(out, channel, body.length, allFourteen());
        Frames.writeContentBody(out, channel, Unpooled.wrappedBuffer(body), frameMax);
        return ByteBufUtil.getBytes(out);
    }

    /** The size, ids and arguments of a queue.declare whose arguments nest {@code levels} deep, with frame end. */
    private static byte[] methodPayloadWithTable(int levels) {
        byte[] table = FrameDecoderFixture.nestedTables(levels);
        ByteBuf out = Unpooled.buffer();
        out.writeInt(4 + 2 + 1 + 1 + table.length).writeShort(50).writeShort(10).writeShort(0).writeByte(0)
                .writeByte(0).writeBytes(table).writeByte(Frames.FRAME_END);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] input(int flags, int[] fragments, byte[] stream) {
        return FrameDecoderFuzzTest.Input.encode(flags, fragments, stream);
    }

    private static int[] ones(int count) {
        int[] ones = new int[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
