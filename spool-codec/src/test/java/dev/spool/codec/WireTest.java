package dev.spool.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void shortStringRoundTripsAsLengthPrefixedUtf8() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeShortString(buf, "é/q");
        assertThat(Hex.of(buf)).isEqualTo(Hex.normal("04 c3a9 2f 71"));
        assertThat(Wire.readShortString(buf)).isEqualTo("é/q");
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void nullShortStringIsWrittenEmpty() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeShortString(buf, null);
        assertThat(Hex.of(buf)).isEqualTo("00");
        assertThat(Wire.readShortString(buf)).isEmpty();
    }

    @Test
    void shortStringOf255BytesFitsAnd256IsRefusedWithoutWriting() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeShortString(buf, "a".repeat(255));
        assertThat(buf.readableBytes()).isEqualTo(256);
        assertThat(Wire.readShortString(buf)).hasSize(255);

        assertThatThrownBy(() -> Wire.writeShortString(buf, "é".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(buf.writerIndex()).isEqualTo(256);
    }

    @Test
    void shortStringWithMalformedUtf8IsRefused() {
        assertThatThrownBy(() -> Wire.readShortString(Hex.buffer("02 c3 28")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Wire.readShortString(Hex.buffer("02 c0 af"))) // overlong '/'
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void shortStringLongerThanTheDataIsRefused() {
        assertThatThrownBy(() -> Wire.readShortString(Hex.buffer("05 61 62")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("runs past");
        assertThatThrownBy(() -> Wire.readShortString(Unpooled.EMPTY_BUFFER))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void longStringRoundTripsRawBytes() {
        byte[] raw = {0, (byte) 0xFF, (byte) 0xC3, 0x28};
        ByteBuf buf = Unpooled.buffer();
        Wire.writeLongString(buf, raw);
        assertThat(Hex.of(buf)).isEqualTo(Hex.normal("00000004 00ffc328"));
        assertThat(Wire.readLongString(buf)).isEqualTo(raw);
    }

    @Test
    void nullLongStringIsWrittenEmpty() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeLongString(buf, null);
        assertThat(Hex.of(buf)).isEqualTo("00000000");
        assertThat(Wire.readLongString(buf)).isEmpty();
    }

    @Test
    void longStringDeclaringFourGibibytesIsRefusedBeforeAllocating() {
        ByteBuf buf = Hex.buffer("ffffffff 61 62");
        assertThatThrownBy(() -> Wire.readLongString(buf))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("4294967295");
    }

    @Test
    void longStringLengthItselfTruncatedIsRefused() {
        assertThatThrownBy(() -> Wire.readLongString(Hex.buffer("0000")))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void shortStringLengthCountsUtf8Bytes() {
        assertThat(Wire.shortStringLength("ü")).isEqualTo(2);
        assertThat(Wire.shortStringLength(null)).isZero();
        assertThat(ByteBufUtil.utf8Bytes("€")).isEqualTo("€".getBytes(StandardCharsets.UTF_8).length);
    }
}
