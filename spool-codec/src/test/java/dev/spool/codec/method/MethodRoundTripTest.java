package dev.spool.codec.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MethodRoundTripTest {

    static Stream<Arguments> everyMethodInEveryVariant() {
        return MethodSamples.types().stream().flatMap(type -> IntStream.range(0, MethodSamples.VARIANTS)
                .mapToObj(variant -> Arguments.of(type.getSimpleName(), variant, type)));
    }

    @ParameterizedTest(name = "{0} variant {1}")
    @MethodSource("everyMethodInEveryVariant")
    void decodingTheEncodedArgumentsGivesTheSameMethodAndReEncodesByteExact(String name, int variant,
                                                                             Class<?> type) {
        AmqpMethod original = MethodSamples.sample(type, variant);
        ByteBuf encoded = Unpooled.buffer();
        original.encodeArguments(encoded);
        byte[] bytes = ByteBufUtil.getBytes(encoded);

        AmqpMethod decoded = MethodRegistry.decode(original.classId(), original.methodId(), encoded);

        assertThat(encoded.isReadable()).as("every argument byte consumed").isFalse();
        MethodSamples.assertSameComponents(decoded, original);
        ByteBuf reEncoded = Unpooled.buffer();
        decoded.encodeArguments(reEncoded);
        assertThat(ByteBufUtil.getBytes(reEncoded)).isEqualTo(bytes);
    }

    @Test
    void theRegistryKnowsAllSixtySixMethodsUnderDistinctIds() {
        List<Class<?>> types = MethodSamples.types();
        Set<Integer> ids = new HashSet<>();
        for (Class<?> type : types) {
            AmqpMethod method = MethodSamples.sample(type, 0);
            assertThat(ids.add(method.classId() << 16 | method.methodId())).as(method.name()).isTrue();
            ByteBuf encoded = Unpooled.buffer();
            method.encodeArguments(encoded);
            assertThat(MethodRegistry.decode(method.classId(), method.methodId(), encoded)).isInstanceOf(type);
        }
        assertThat(types).hasSize(66);
    }

    @Test
    void idsAndNamesFollowTheSpec() {
        AmqpMethod declare = MethodSamples.sample(QueueDeclare.class, 0);
        assertThat(declare.classId()).isEqualTo(50);
        assertThat(declare.methodId()).isEqualTo(10);
        assertThat(declare.name()).isEqualTo("queue.declare");
        assertThat(declare.synchronous()).isTrue();
        assertThat(MethodSamples.sample(BasicPublish.class, 0).hasContent()).isTrue();
        assertThat(MethodSamples.sample(BasicDeliver.class, 0).hasContent()).isTrue();
        assertThat(MethodSamples.sample(BasicAck.class, 0).hasContent()).isFalse();
        assertThat(MethodSamples.sample(ExchangeUnbindOk.class, 0).methodId()).isEqualTo(51);
    }

    @Test
    void unknownIdsDecodeToNull() {
        assertThat(MethodRegistry.decode(60, 999, Unpooled.EMPTY_BUFFER)).isNull();
        assertThat(MethodRegistry.decode(99, 10, Unpooled.EMPTY_BUFFER)).isNull();
    }
}
