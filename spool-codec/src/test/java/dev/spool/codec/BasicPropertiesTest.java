package dev.spool.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicPropertiesTest {
    private static final BasicProperties ALL = BasicProperties.builder()
            .contentType("text/plain").contentEncoding("gzip").headers(FieldTable.of(Map.of("h", 1)))
            .deliveryMode(2).priority(9).correlationId("c").replyTo("r").expiration("60000").messageId("m")
            .timestamp(1_700_000_000L).type("t").userId("guest").appId("app").clusterId("cl").build();
    private static final String ALL_WIRE = "fffc"
            + "0a 746578742f706c61696e" + "04 677a6970" + "00000007 01 68 49 00000001" + "02" + "09"
            + "01 63" + "01 72" + "05 3630303030" + "01 6d" + "000000006553f100" + "01 74" + "05 6775657374"
            + "03 617070" + "02 636c";

    @Test
    void allFourteenPropertiesEncodeInSpecOrderBehindOneFlagWord() {
        assertThat(encode(ALL)).isEqualTo(Hex.normal(ALL_WIRE));
        assertThat(BasicProperties.decode(Hex.buffer(ALL_WIRE))).isEqualTo(ALL);
    }

    @Test
    void noPropertiesIsAZeroFlagWord() {
        assertThat(encode(BasicProperties.EMPTY)).isEqualTo("0000");
        assertThat(BasicProperties.decode(Hex.buffer("0000"))).isSameAs(BasicProperties.EMPTY);
    }

    @Test
    void subsetsRoundTripByteExact() {
        assertRoundTrips(BasicProperties.builder().deliveryMode(2).build(), "1000 02");
        assertRoundTrips(BasicProperties.builder().priority(0).expiration("5").build(), "0900 00 01 35");
        assertRoundTrips(BasicProperties.builder().headers(FieldTable.EMPTY).timestamp(-1L).build(),
                "2040 00000000 ffffffffffffffff");
        assertRoundTrips(BasicProperties.builder().clusterId("").build(), "0004 00");
        assertRoundTrips(BasicProperties.builder().contentType("application/json").appId("svc").build(),
                "8008 10 6170706c69636174696f6e2f6a736f6e 03 737663");
    }

    @Test
    void decodeStopsRightAfterTheProperties() {
        ByteBuf buf = Hex.buffer("1000 02 aa");
        BasicProperties.decode(buf);
        assertThat(buf.readableBytes()).isEqualTo(1);
    }

    @Test
    void aContinuationFlagWordWithoutPropertiesIsSkipped() {
        assertThat(BasicProperties.decode(Hex.buffer("1001 0000 02")).deliveryMode()).isEqualTo(2);
        assertThat(BasicProperties.peekDeliveryMode(Hex.buffer("1001 0000 02"))).isEqualTo(2);
    }

    @Test
    void aContinuationFlagWordNamingPropertiesTheClassLacksIsRefused() {
        assertThatThrownBy(() -> BasicProperties.decode(Hex.buffer("1001 8000 02 00")))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void truncatedPropertiesAreRefused() {
        for (String wire : new String[] {"", "10", "1000", "8000 05 6162", "2000 00000009 00", "0040 0000"}) {
            assertThatThrownBy(() -> BasicProperties.decode(Hex.buffer(wire))).as(wire)
                    .isInstanceOf(WireFormatException.class);
            assertThatThrownBy(() -> BasicProperties.checkWellFormed(Hex.buffer(wire))).as(wire)
                    .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void wellFormedMeansNothingAfterTheLastProperty() {
        BasicProperties.checkWellFormed(Hex.buffer(ALL_WIRE));
        assertThatThrownBy(() -> BasicProperties.checkWellFormed(Hex.buffer("1000 02 00")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("after");
    }

    @Test
    void deliveryModeIsPeekedPastTheFieldsBeforeItWithoutMovingIndexes() {
        ByteBuf raw = Hex.buffer(ALL_WIRE);
        assertThat(BasicProperties.peekDeliveryMode(raw)).isEqualTo(2);
        assertThat(raw.readerIndex()).isZero();
        assertThat(BasicProperties.peekDeliveryMode(Hex.buffer("1000 02"))).isEqualTo(2);
        assertThat(BasicProperties.peekDeliveryMode(Hex.buffer("0800 05"))).isEqualTo(-1);
        assertThat(BasicProperties.peekDeliveryMode(Hex.buffer("0000"))).isEqualTo(-1);
    }

    @Test
    void priorityIsPeekedAndMinusOneWhenAbsent() {
        assertThat(BasicProperties.peekPriority(Hex.buffer(ALL_WIRE))).isEqualTo(9);
        assertThat(BasicProperties.peekPriority(Hex.buffer("1800 01 ff"))).isEqualTo(255);
        assertThat(BasicProperties.peekPriority(Hex.buffer("1000 02"))).isEqualTo(-1);
    }

    @Test
    void expirationAndHeadersArePeeked() {
        ByteBuf raw = Hex.buffer(ALL_WIRE);
        assertThat(BasicProperties.peekExpiration(raw)).isEqualTo("60000");
        assertThat(BasicProperties.peekHeaders(raw)).isEqualTo(FieldTable.of(Map.of("h", 1)));
        assertThat(raw.readerIndex()).isZero();
        assertThat(BasicProperties.peekExpiration(Hex.buffer("0000"))).isNull();
        assertThat(BasicProperties.peekHeaders(Hex.buffer("0000"))).isNull();
    }

    @Test
    void replyToIsPeekedAndRewritten() {
        ByteBuf raw = Hex.buffer(ALL_WIRE);
        assertThat(BasicProperties.peekReplyTo(raw)).isEqualTo("r");
        assertThat(raw.readerIndex()).isZero();
        assertThat(BasicProperties.peekReplyTo(Hex.buffer("0000"))).isNull();
        assertThat(BasicProperties.peekReplyTo(Hex.buffer(""))).isNull();
        assertThat(ALL.withReplyTo("amq.rabbitmq.reply-to.k")).isEqualTo(ALL.toBuilder()
                .replyTo("amq.rabbitmq.reply-to.k").build());
    }

    @Test
    void peeksReadFromTheReaderIndexOfASlice() {
        ByteBuf frame = Hex.buffer("aaaa 1800 02 07 bbbb");
        ByteBuf raw = frame.slice(2, 4);
        assertThat(BasicProperties.peekDeliveryMode(raw)).isEqualTo(2);
        assertThat(BasicProperties.peekPriority(raw)).isEqualTo(7);
        BasicProperties.checkWellFormed(raw);
    }

    @Test
    void peekingPastATruncatedFieldIsRefused() {
        assertThatThrownBy(() -> BasicProperties.peekPriority(Hex.buffer("8800 09 61")))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void octetsAndShortStringsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> BasicProperties.builder().deliveryMode(256).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BasicProperties.builder().priority(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BasicProperties.builder().messageId("m".repeat(256)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersChangeOneProperty() {
        BasicProperties changed = ALL.withHeaders(null).withDeliveryMode(1).withExpiration(null);
        assertThat(changed.headers()).isNull();
        assertThat(changed.persistent()).isFalse();
        assertThat(ALL.persistent()).isTrue();
        assertThat(changed.expiration()).isNull();
        assertThat(changed.toBuilder().headers(ALL.headers()).deliveryMode(2).expiration("60000").build())
                .isEqualTo(ALL);
    }

    private static void assertRoundTrips(BasicProperties properties, String wire) {
        assertThat(encode(properties)).isEqualTo(Hex.normal(wire));
        ByteBuf buf = Hex.buffer(wire);
        assertThat(BasicProperties.decode(buf)).isEqualTo(properties);
        assertThat(buf.isReadable()).isFalse();
        BasicProperties.checkWellFormed(Hex.buffer(wire));
    }

    private static String encode(BasicProperties properties) {
        ByteBuf buf = Unpooled.buffer();
        properties.encode(buf);
        return Hex.of(buf);
    }
}
