package dev.spool.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTableTest {

    @Test
    void aSmallTableEncodesAsTheSpecLaysItOut() {
        // length 7; name "a" as a short string; 'I'; signed 32-bit 1
        assertThat(encode(FieldTable.of(Map.of("a", 1)))).isEqualTo(Hex.normal("00000007 01 61 49 00000001"));
    }

    @Test
    void queueArgumentsEncodeAsTheSpecLaysThemOut() {
        FieldTable arguments = FieldTable.builder().put("x-max-length", 10).put("x-queue-type", "quorum").build();
        assertThat(encode(arguments)).isEqualTo(Hex.normal(
                "0000002a"
                + "0c 782d6d61782d6c656e677468 49 0000000a"
                + "0c 782d71756575652d74797065 53 00000006 71756f72756d"));
    }

    @Test
    void everyFieldTypeDecodesToItsOwnJavaTypeAndReEncodesByteExact() {
        ByteBuf entries = Unpooled.buffer();
        entry(entries, "t", 't', "01");
        entry(entries, "f", 't', "00");
        entry(entries, "b", 'b', "80");
        entry(entries, "B", 'B', "ff");
        entry(entries, "s", 's', "8000");
        entry(entries, "u", 'u', "ffff");
        entry(entries, "I", 'I', "80000000");
        entry(entries, "i", 'i', "ffffffff");
        entry(entries, "l", 'l', "8000000000000000");
        entry(entries, "fl", 'f', "3fc00000");
        entry(entries, "d", 'd', "400921fb54442d18");
        entry(entries, "D", 'D', "02 fffffed4");
        entry(entries, "S", 'S', "00000003 c3a961");
        entry(entries, "Sraw", 'S', "00000002 ff00");
        entry(entries, "x", 'x', "00000003 010203");
        entry(entries, "T", 'T', "0000000065000000");
        entry(entries, "V", 'V', "");
        entry(entries, "A", 'A', "0000000a 49 00000001 53 00000000");
        entry(entries, "F", 'F', "00000007 01 6b 49 00000002");
        String wire = table(entries);

        FieldTable table = FieldTable.decode(Hex.buffer(wire));

        assertThat(table.get("t")).isEqualTo(true);
        assertThat(table.get("f")).isEqualTo(false);
        assertThat(table.get("b")).isEqualTo((byte) -128);
        assertThat(table.get("B")).isEqualTo(new UnsignedByte(255));
        assertThat(table.get("s")).isEqualTo((short) -32768);
        assertThat(table.get("u")).isEqualTo(new UnsignedShort(65535));
        assertThat(table.get("I")).isEqualTo(Integer.MIN_VALUE);
        assertThat(table.get("i")).isEqualTo(new UnsignedInt(4_294_967_295L));
        assertThat(table.get("l")).isEqualTo(Long.MIN_VALUE);
        assertThat(table.get("fl")).isEqualTo(1.5f);
        assertThat(table.get("d")).isEqualTo(Math.PI);
        assertThat(table.get("D")).isEqualTo(new BigDecimal("-3.00"));
        assertThat(table.get("S")).isEqualTo(LongString.of("éa"));
        assertThat(((LongString) table.get("Sraw")).bytes()).isEqualTo(new byte[] {(byte) 0xFF, 0});
        assertThat((byte[]) table.get("x")).isEqualTo(new byte[] {1, 2, 3});
        assertThat(table.get("T")).isEqualTo(new Timestamp(0x6500_0000L));
        assertThat(table.containsKey("V")).isTrue();
        assertThat(table.get("V")).isNull();
        assertThat(table.get("A")).isEqualTo(List.of(1, LongString.EMPTY));
        assertThat(table.get("F")).isEqualTo(FieldTable.of(Map.of("k", 2)));
        assertThat(table.asMap().keySet()).containsExactly(
                "t", "f", "b", "B", "s", "u", "I", "i", "l", "fl", "d", "D", "S", "Sraw", "x", "T", "V", "A", "F");
        assertThat(encode(table)).isEqualTo(wire);
    }

    @Test
    void unsignedValuesAtTheirMaximumRoundTrip() {
        FieldTable table = FieldTable.builder()
                .put("B", new UnsignedByte(UnsignedByte.MAX))
                .put("u", new UnsignedShort(UnsignedShort.MAX))
                .put("i", new UnsignedInt(UnsignedInt.MAX))
                .build();
        assertThat(encode(table)).contains(Hex.normal("42 ff"), Hex.normal("75 ffff"), Hex.normal("69 ffffffff"));
        assertRoundTrips(table);
        assertThatThrownBy(() -> new UnsignedByte(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnsignedShort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnsignedInt(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalsKeepTheirScaleAndSign() {
        for (String decimal : List.of("0", "1.5", "-2147483648", "2147483647", "3.000", "-0.00001")) {
            assertRoundTrips(FieldTable.of(Map.of("d", new BigDecimal(decimal))));
        }
        BigDecimal scale255 = BigDecimal.valueOf(7, 255);
        assertRoundTrips(FieldTable.of(Map.of("d", scale255)));
        assertThat(encode(FieldTable.of(Map.of("d", new BigDecimal("3.00")))))
                .endsWith(Hex.normal("44 02 0000012c"));
    }

    @Test
    void decimalsThatDoNotFitTheWireAreRefused() {
        for (BigDecimal decimal : List.of(new BigDecimal("1E+3"), new BigDecimal("2147483648"),
                BigDecimal.valueOf(1, 256))) {
            assertThatThrownBy(() -> FieldTable.of(Map.of("d", decimal)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void floatsRoundTripBitForBit() {
        FieldTable table = FieldTable.builder().put("nan", Float.NaN).put("negativeZero", -0.0d)
                .put("tiny", Double.MIN_VALUE).build();
        assertRoundTrips(table);
        assertThat(encode(table)).contains(Hex.normal("64 8000000000000000"));
    }

    @Test
    void nestedTablesAndArraysRoundTrip() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("list", List.of(List.of(), List.of(1, List.of("deep")), Map.of("k", true)));
        inner.put("empty", Map.of());
        FieldTable table = FieldTable.builder().put("outer", inner).put("array", new Object[] {null, 1L}).build();
        assertRoundTrips(table);
        assertThat(table.depth()).isEqualTo(5);
        FieldTable decoded = FieldTable.decode(Unpooled.wrappedBuffer(Hex.bytes(encode(table))));
        assertThat(((FieldTable) decoded.get("outer")).get("empty")).isSameAs(FieldTable.EMPTY);
        assertThat(decoded.get("array")).isEqualTo(Arrays.asList(null, 1L));
    }

    @Test
    void voidIsNullButPresent() {
        FieldTable table = FieldTable.builder().put("v", null).build();
        assertThat(encode(table)).isEqualTo(Hex.normal("00000003 01 76 56"));
        assertThat(table.containsKey("v")).isTrue();
        assertThat(table.containsKey("w")).isFalse();
        assertRoundTrips(table);
    }

    @Test
    void capitalLIsReadAsASignedLongAsRabbitMqDoes() {
        FieldTable table = FieldTable.decode(Hex.buffer(table(entry(Unpooled.buffer(), "n", 'L', "ffffffffffffffff"))));
        assertThat(table.get("n")).isEqualTo(-1L);
        assertThat(encode(table)).contains(Hex.normal("6c ffffffffffffffff"));
    }

    @Test
    void plainJavaValuesAreConvertedWhenTheTableIsBuilt() {
        byte[] bytes = {1, 2};
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("text", "quorum");
        values.put("builder", new StringBuilder("sb"));
        values.put("instant", Instant.ofEpochSecond(1_700_000_000L, 999));
        values.put("date", new Date(1_700_000_000_999L));
        values.put("map", Map.of("k", 1));
        values.put("list", List.of("a"));
        values.put("bytes", bytes);
        FieldTable table = FieldTable.of(values);
        bytes[0] = 9;

        assertThat(table.get("text")).isEqualTo(LongString.of("quorum"));
        assertThat(table.getString("text")).isEqualTo("quorum");
        assertThat(table.get("builder")).isEqualTo(LongString.of("sb"));
        assertThat(table.get("instant")).isEqualTo(new Timestamp(1_700_000_000L));
        assertThat(table.get("date")).isEqualTo(new Timestamp(1_700_000_000L));
        assertThat(table.get("map")).isEqualTo(FieldTable.of(Map.of("k", 1)));
        assertThat(table.get("list")).isEqualTo(List.of(LongString.of("a")));
        assertThat((byte[]) table.get("bytes")).containsExactly(1, 2);
        assertThat(encode(FieldTable.of(Map.of("s", "hi")))).isEqualTo(Hex.normal("00000009 01 73 53 00000002 6869"));
    }

    @Test
    void valuesOfNoFieldTypeAreRefused() {
        assertThatThrownBy(() -> FieldTable.of(Map.of("c", 'c'))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTable.of(Map.of("o", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTable.of(Map.of("m", Map.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesLongerThanAShortStringAreRefused() {
        assertThatThrownBy(() -> FieldTable.builder().put("n".repeat(256), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FieldTable.builder().put("n".repeat(255), 1).build().size()).isEqualTo(1);
    }

    @Test
    void tableNestedTenThousandDeepFailsCleanlyNotWithAStackOverflow() {
        assertThatThrownBy(() -> FieldTable.decode(Unpooled.wrappedBuffer(nestedTables(10_000))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("nested deeper than 100");
    }

    @Test
    void arrayNestedTenThousandDeepFailsCleanly() {
        assertThatThrownBy(() -> FieldTable.decode(Unpooled.wrappedBuffer(nestedArrays(10_000))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("nested deeper than 100");
    }

    @Test
    void nestingUpToOneHundredLevelsDecodesAndOneMoreDoesNot() {
        assertThat(FieldTable.decode(Unpooled.wrappedBuffer(nestedTables(99))).depth()).isEqualTo(100);
        assertThatThrownBy(() -> FieldTable.decode(Unpooled.wrappedBuffer(nestedTables(100))))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void buildingATableDeeperThanTheDecoderAcceptsIsRefused() {
        FieldTable table = FieldTable.EMPTY;
        for (int level = 1; level < FieldTable.MAX_DEPTH; level++) {
            table = FieldTable.builder().put("a", table).build();
        }
        assertThat(table.depth()).isEqualTo(FieldTable.MAX_DEPTH);
        FieldTable.Builder oneMore = FieldTable.builder().put("a", table);
        assertThatThrownBy(oneMore::build).isInstanceOf(IllegalArgumentException.class);
        List<Object> selfNesting = new ArrayList<>();
        List<Object> current = selfNesting;
        for (int i = 0; i < 10_000; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThatThrownBy(() -> FieldTable.of(Map.of("deep", selfNesting)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownTypeTagIsRefused() {
        assertThatThrownBy(() -> FieldTable.decode(Hex.buffer("00000003 01 61 5a")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("'Z'");
    }

    @Test
    void lengthsRunningPastTheDataAreRefusedBeforeAllocating() {
        assertThatThrownBy(() -> FieldTable.decode(Hex.buffer("ffffffff 01 61")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> FieldTable.decode(Hex.buffer("0000000a 01 61 78 7fffffff 00")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> FieldTable.decode(Hex.buffer("00000004 01 61 49 00"))) // int cut short
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void aValueMayNotRunPastItsTable() {
        // The table claims 6 octets but its int needs 7; the next octet outside must not be borrowed.
        assertThatThrownBy(() -> FieldTable.decode(Hex.buffer("00000006 01 61 49 000000 01")))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void aDuplicatedNameKeepsItsFirstValue() {
        ByteBuf entries = Unpooled.buffer();
        entry(entries, "k", 'I', "00000001");
        entry(entries, "k", 'I', "00000002");
        assertThat(FieldTable.decode(Hex.buffer(table(entries))).get("k")).isEqualTo(1);
    }

    @Test
    void emptyAndNullTablesEncodeAsZeroLength() {
        assertThat(encode(FieldTable.EMPTY)).isEqualTo("00000000");
        ByteBuf buf = Unpooled.buffer();
        FieldTable.encode(buf, null);
        assertThat(Hex.of(buf)).isEqualTo("00000000");
        assertThat(FieldTable.decode(buf)).isSameAs(FieldTable.EMPTY);
    }

    @Test
    void integersOfEveryWidthReadAsLong() {
        FieldTable table = FieldTable.builder().put("b", (byte) -1).put("B", new UnsignedByte(255))
                .put("s", (short) 2).put("u", new UnsignedShort(3)).put("I", 4).put("i", new UnsignedInt(5))
                .put("l", 6L).put("S", "7").put("t", true).build();
        assertThat(List.of("b", "B", "s", "u", "I", "i", "l")).extracting(table::getLong)
                .containsExactly(-1L, 255L, 2L, 3L, 4L, 5L, 6L);
        assertThat(table.getLong("S")).isNull();
        assertThat(table.getLong("missing")).isNull();
        assertThat(table.getBoolean("t")).isTrue();
        assertThat(table.getString("I")).isNull();
    }

    @Test
    void equalityIgnoresOrderAndComparesByteArraysByContent() {
        FieldTable one = FieldTable.builder().put("a", new byte[] {1}).put("b", List.of(new byte[] {2})).build();
        FieldTable other = FieldTable.builder().put("b", List.of(new byte[] {2})).put("a", new byte[] {1}).build();
        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(one).isNotEqualTo(FieldTable.builder().put("a", new byte[] {1}).build());
        assertThat(one.toString()).isEqualTo("{a=0x01, b=[0x02]}");
    }

    @Test
    void theMapViewCannotBeModified() {
        FieldTable table = FieldTable.of(Map.of("a", 1));
        assertThatThrownBy(() -> table.asMap().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(table.toBuilder().put("b", 2).remove("a").build().asMap()).containsOnlyKeys("b");
    }

    @Test
    void longStringsKeepRawBytesButReadAsUtf8() {
        LongString text = LongString.of("grüße");
        assertThat(text.byteLength()).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8).length);
        assertThat(text.toString()).isEqualTo("grüße");
        assertThat(LongString.of(text.bytes())).isEqualTo(text).hasSameHashCodeAs(text);
    }

    private static void assertRoundTrips(FieldTable table) {
        String wire = encode(table);
        FieldTable decoded = FieldTable.decode(Unpooled.wrappedBuffer(Hex.bytes(wire)));
        assertThat(decoded).isEqualTo(table);
        assertThat(encode(decoded)).isEqualTo(wire);
    }

    private static String encode(FieldTable table) {
        ByteBuf buf = Unpooled.buffer();
        FieldTable.encode(buf, table);
        return Hex.of(buf);
    }

    private static ByteBuf entry(ByteBuf entries, String name, char tag, String valueHex) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        entries.writeByte(nameBytes.length).writeBytes(nameBytes).writeByte(tag).writeBytes(Hex.bytes(valueHex));
        return entries;
    }

    private static String table(ByteBuf entries) {
        ByteBuf table = Unpooled.buffer().writeInt(entries.readableBytes()).writeBytes(entries);
        return ByteBufUtil.hexDump(table);
    }

    /** A table holding {@code "a" -> table} nested {@code levels} times around an empty table. */
    static byte[] nestedTables(int levels) {
        ByteBuf buf = Unpooled.buffer(7 * levels + 4);
        for (int level = levels; level >= 1; level--) {
            buf.writeInt(7 * level).writeByte(1).writeByte('a').writeByte('F');
        }
        return ByteBufUtil.getBytes(buf.writeInt(0));
    }

    /** A table holding {@code "a" -> array}, the array holding an array, {@code levels} arrays deep. */
    static byte[] nestedArrays(int levels) {
        ByteBuf buf = Unpooled.buffer(5 * levels + 16);
        buf.writeInt(3 + 4 + 5 * (levels - 1)).writeByte(1).writeByte('a').writeByte('A');
        for (int level = levels - 1; level >= 1; level--) {
            buf.writeInt(5 * level).writeByte('A');
        }
        return ByteBufUtil.getBytes(buf.writeInt(0));
    }
}
