package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceNumbersTest {

    /** Table in the style of mediasoup's TestSeqManager "is greater than" sections. */
    @ParameterizedTest(name = "{0} newer than {1}: {2}")
    @CsvSource({
            "1, 0, true", "0, 1, false", "0, 0, false",
            "0, 65535, true", "65535, 0, false",
            "0, 65000, true", "65000, 0, false",
            "100, 65000, true", "65000, 100, false",
            "32767, 0, true", "0, 32767, false",
            // Distance exactly 2^15: the larger value is newer, keeping the relation antisymmetric.
            "32768, 0, true", "0, 32768, false",
            "65535, 32767, true", "32767, 65535, false",
            "32769, 0, false", "0, 32769, true"})
    void isNewer(int a, int b, boolean expected) {
        assertThat(SequenceNumbers.isNewer(a, b)).isEqualTo(expected);
        assertThat(SequenceNumbers.isNewerOrEqual(a, b)).isEqualTo(expected || a == b);
        assertThat(SequenceNumbers.compare(a, b)).isEqualTo(a == b ? 0 : expected ? 1 : -1);
    }

    @ParameterizedTest(name = "diff({0}, {1}) = {2}")
    @CsvSource({
            "2, 65534, 4", "65534, 2, -4", "0, 65535, 1", "65535, 0, -1",
            "100, 100, 0", "32767, 0, 32767", "32768, 0, -32768", "10, 20, -10"})
    void diff(int a, int b, int expected) {
        assertThat(SequenceNumbers.diff(a, b)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "add({0}, {1}) = {2}")
    @CsvSource({"65535, 1, 0", "0, -1, 65535", "65530, 10, 4", "5, -10, 65531", "1000, 0, 1000"})
    void add(int seq, int delta, int expected) {
        assertThat(SequenceNumbers.add(seq, delta)).isEqualTo(expected);
    }

    @Test
    void latestPicksTheNewerAcrossTheWrap() {
        assertThat(SequenceNumbers.latest(65535, 3)).isEqualTo(3);
        assertThat(SequenceNumbers.latest(3, 65535)).isEqualTo(3);
        assertThat(SequenceNumbers.latest(10, 9)).isEqualTo(10);
    }

    @ParameterizedTest(name = "timestamp {0} newer than {1}: {2}")
    @CsvSource({
            "1, 0, true", "0, 4294967295, true", "4294967295, 0, false",
            "2147483648, 0, true", "0, 2147483648, false", "2147483649, 0, false",
            "100, 4294967000, true", "7, 7, false"})
    void timestampIsNewer(long a, long b, boolean expected) {
        assertThat(RtpTimestamps.isNewer(a, b)).isEqualTo(expected);
    }

    @Test
    void timestampArithmeticWraps() {
        assertThat(RtpTimestamps.diff(5, 4_294_967_291L)).isEqualTo(10);
        assertThat(RtpTimestamps.diff(4_294_967_291L, 5)).isEqualTo(-10);
        assertThat(RtpTimestamps.add(4_294_967_295L, 1)).isZero();
        assertThat(RtpTimestamps.add(0, -1)).isEqualTo(4_294_967_295L);
        assertThat(RtpTimestamps.ticks(1_000_000_000L, 90_000)).isEqualTo(90_000);
        assertThat(RtpTimestamps.ticks(20_000_000L, 48_000)).isEqualTo(960);
        assertThat(RtpTimestamps.ticks(3L * 365 * 24 * 3600 * 1_000_000_000L, 90_000)).isPositive();
    }

    @Test
    void unwrapperFollowsTheWrapInBothDirections() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        int[] in = {65533, 65534, 65535, 0, 1, 65535, 2, 3, 1, 4};
        long[] out = {65533, 65534, 65535, 65536, 65537, 65535, 65538, 65539, 65537, 65540};
        for (int i = 0; i < in.length; i++) {
            assertThat(u.unwrap(in[i])).as("input %d: %d", i, in[i]).isEqualTo(out[i]);
        }
        assertThat(u.highest()).isEqualTo(65540);
        assertThat(u.peek(5)).isEqualTo(65541);
        assertThat(u.highest()).isEqualTo(65540);
    }

    @Test
    void unwrapperGoesBelowTheFirstValueForLatePackets() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertThat(u.unwrap(2)).isEqualTo(2);
        assertThat(u.unwrap(65534)).isEqualTo(-2);
        assertThat(u.unwrap(3)).isEqualTo(3);
        u.reset();
        assertThat(u.isStarted()).isFalse();
        assertThat(u.unwrap(40000)).isEqualTo(40000);
    }

    @Test
    void unwrapperCountsManyCycles() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        long ext = 0;
        for (int i = 0; i < 5 * 65536; i += 1000) {
            ext = u.unwrap(i & 0xFFFF);
            assertThat(ext).isEqualTo(i);
        }
        assertThat(ext).isGreaterThan(4L * 65536);
    }
}
