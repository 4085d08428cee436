package dev.spool.server.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void countsAreExactBelowAThousandThenOneDecimal() {
        assertThat(Units.count(0)).isEqualTo("0");
        assertThat(Units.count(999)).isEqualTo("999");
        assertThat(Units.count(1_000)).isEqualTo("1.0k");
        assertThat(Units.count(1_234)).isEqualTo("1.2k");
        assertThat(Units.count(999_960)).isEqualTo("1.0M");
        assertThat(Units.count(3_400_000)).isEqualTo("3.4M");
        assertThat(Units.count(7_000_000_000L)).isEqualTo("7.0G");
    }

    @Test
    void bytesUseBinaryUnits() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Units.bytes(3_565_158)).isEqualTo("3.4 MiB");
        assertThat(Units.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }

    @Test
    void agesShowTheirTwoLargestUnits() {
        assertThat(Units.age(250)).isEqualTo("250ms");
        assertThat(Units.age(42_000)).isEqualTo("42s");
        assertThat(Units.age(312_000)).isEqualTo("5m12s");
        assertThat(Units.age(3 * 3_600_000 + 4 * 60_000)).isEqualTo("3h04m");
        assertThat(Units.age(2 * 86_400_000L + 5 * 3_600_000)).isEqualTo("2d05h");
    }

    @Test
    void ratesPerSecond() {
        assertThat(Units.rate(0)).isEqualTo("0/s");
        assertThat(Units.rate(0.44)).isEqualTo("0.4/s");
        assertThat(Units.rate(12.4)).isEqualTo("12/s");
        assertThat(Units.rate(1234)).isEqualTo("1.2k/s");
    }
}
