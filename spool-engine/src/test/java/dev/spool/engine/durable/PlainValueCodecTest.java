package dev.spool.engine.durable;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy definitions come back from the journal as the same Java values, in the same key order. */
class PlainValueCodecTest {
    @Test
    void jsonValuesRoundTripWithTheirTypes() throws IOException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", "last");
        nested.put("a", null);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("max-length", 10);
        definition.put("message-ttl", 86_400_000_000L);
        definition.put("huge", new BigInteger("123456789012345678901234567890"));
        definition.put("ratio", 0.5);
        definition.put("dedup", true);
        definition.put("dead-letter-exchange", "dlx \u00e9\u4e2d");
        definition.put("retry-delays", List.of(100, 2_000L, List.of("x")));
        definition.put("nested", nested);

        Object decoded = roundTrip(definition);

        assertThat(decoded).isEqualTo(definition);
        assertThat(List.copyOf(((Map<?, ?>) decoded).keySet())).isEqualTo(List.copyOf(definition.keySet()));
        assertThat(((Map<?, ?>) decoded).get("max-length")).isInstanceOf(Integer.class);
        assertThat(((Map<?, ?>) decoded).get("message-ttl")).isInstanceOf(Long.class);
    }

    @Test
    void anUnknownTagIsADamagedRecord() {
        assertThatThrownBy(() -> PlainValueCodec.read(new DataInputStream(new ByteArrayInputStream(new byte[] {'?'}))))
                .isInstanceOf(IOException.class);
    }

    private static Object roundTrip(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainValueCodec.write(new DataOutputStream(bytes), value);
        byte[] encoded = bytes.toByteArray();
        return PlainValueCodec.read(new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(encoded,
                encoded.length))));
    }
}
