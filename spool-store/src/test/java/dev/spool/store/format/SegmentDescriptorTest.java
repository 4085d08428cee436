package dev.spool.store.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentDescriptorTest {
    @Test
    void fileNamesAreZeroPaddedSoTheySortLikeTheirIds() {
        assertThat(SegmentDescriptor.segmentFileName(1)).isEqualTo("00000000000000000001.seg");
        assertThat(SegmentDescriptor.settlementFileName(42)).isEqualTo("00000000000000000042.ack");
        assertThat(SegmentDescriptor.segmentFileName(9)).isLessThan(SegmentDescriptor.segmentFileName(10));
        assertThat(SegmentDescriptor.segmentFileName(Long.MAX_VALUE)).hasSize(24);
    }

    @Test
    void idIsReadBackOnlyFromOurOwnNames() {
        assertThat(SegmentDescriptor.idOf("00000000000000000042.seg", ".seg")).isEqualTo(42);
        assertThat(SegmentDescriptor.idOf("00000000000000000042.ack", ".seg")).isEqualTo(-1);
        assertThat(SegmentDescriptor.idOf("42.seg", ".seg")).isEqualTo(-1);
        assertThat(SegmentDescriptor.idOf("0000000000000000004x.seg", ".seg")).isEqualTo(-1);
        assertThat(SegmentDescriptor.idOf("99999999999999999999.seg", ".seg")).as("overflow").isEqualTo(-1);
    }

    @Test
    void magicsReadAsTheirAsciiNames() {
        assertThat(FileHeaderDescriptor.magicName(FileHeaderDescriptor.SEGMENT_MAGIC)).isEqualTo("SPLS");
        assertThat(FileHeaderDescriptor.magicName(FileHeaderDescriptor.SETTLEMENT_MAGIC)).isEqualTo("SPLA");
    }
}
