package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketClassifierTest {

    /** Every boundary of the RFC 7983 table, with a second byte that is an RTP payload type. */
    @ParameterizedTest(name = "first byte {0} -> {1}")
    @CsvSource({
            "0, STUN", "1, STUN", "3, STUN",
            "4, UNKNOWN", "15, UNKNOWN",
            "16, ZRTP", "19, ZRTP",
            "20, DTLS", "22, DTLS", "63, DTLS",
            "64, TURN_CHANNEL", "79, TURN_CHANNEL",
            "80, UNKNOWN", "127, UNKNOWN",
            "128, RTP", "144, RTP", "191, RTP",
            "192, UNKNOWN", "255, UNKNOWN"})
    void firstByteBoundaries(int firstByte, PacketKind expected) {
        byte[] buf = new byte[40];
        buf[0] = (byte) firstByte;
        buf[1] = 96;
        assertThat(PacketClassifier.classify(buf, 0, buf.length)).isEqualTo(expected);
    }

    /** RFC 5761 §4: RTCP packet types 192..223 in the second byte; RTP with marker bit around them. */
    @ParameterizedTest(name = "second byte {0} -> {1}")
    @CsvSource({
            "0, RTP", "96, RTP", "127, RTP", "128, RTP", "191, RTP",
            "192, RTCP", "200, RTCP", "201, RTCP", "205, RTCP", "206, RTCP", "223, RTCP",
            "224, RTP", "255, RTP"})
    void rtpVersusRtcp(int secondByte, PacketKind expected) {
        byte[] buf = new byte[40];
        buf[0] = (byte) 0x80;
        buf[1] = (byte) secondByte;
        assertThat(PacketClassifier.classify(buf, 0, buf.length)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "first byte {0}, second {1}, length {2} -> {3}")
    @CsvSource({
            "0, 1, 19, TRUNCATED", "0, 1, 20, STUN",
            "22, 254, 12, TRUNCATED", "22, 254, 13, DTLS",
            "128, 96, 1, TRUNCATED", "128, 96, 11, TRUNCATED", "128, 96, 12, RTP",
            "128, 200, 7, TRUNCATED", "128, 200, 8, RTCP",
            "16, 0, 1, ZRTP", "200, 0, 1, UNKNOWN"})
    void minimumLengths(int b0, int b1, int len, PacketKind expected) {
        byte[] buf = new byte[64];
        buf[0] = (byte) b0;
        buf[1] = (byte) b1;
        assertThat(PacketClassifier.classify(buf, 0, len)).isEqualTo(expected);
    }

    @Test
    void emptyDatagramIsTruncated() {
        assertThat(PacketClassifier.classify(new byte[0], 0, 0)).isEqualTo(PacketKind.TRUNCATED);
    }

    @Test
    void honoursOffsetAndNeverReadsBeyondLength() {
        byte[] buf = {(byte) 0xFF, (byte) 0xFF, (byte) 0x80, (byte) 200, 0, 1, 0, 0, 0, 0};
        assertThat(PacketClassifier.classify(buf, 2, 8)).isEqualTo(PacketKind.RTCP);
        // One RTP-range byte at the very end of the array: the length check comes before the second-byte read.
        byte[] tail = {0, 0, (byte) 0x80};
        assertThat(PacketClassifier.classify(tail, 2, 1)).isEqualTo(PacketKind.TRUNCATED);
    }

    @Test
    void dropKindsAreNamedDrops() {
        assertThat(PacketKind.STUN.isDropped()).isFalse();
        assertThat(PacketKind.DTLS.isDropped()).isFalse();
        assertThat(PacketKind.RTP.isDropped()).isFalse();
        assertThat(PacketKind.RTCP.isDropped()).isFalse();
        assertThat(PacketKind.TRUNCATED.isDropped()).isTrue();
        assertThat(PacketKind.ZRTP.isDropped()).isTrue();
        assertThat(PacketKind.TURN_CHANNEL.isDropped()).isTrue();
        assertThat(PacketKind.UNKNOWN.isDropped()).isTrue();
    }

    @Test
    void dropCountersCountByKind() {
        DropCounters<PacketKind> counters = new DropCounters<>(PacketKind.class);
        byte[][] datagrams = {{}, {16}, {64}, {(byte) 0xC0}, {(byte) 0xC0}};
        for (byte[] d : datagrams) {
            PacketKind kind = PacketClassifier.classify(d, 0, d.length);
            if (kind.isDropped()) {
                counters.increment(kind);
            }
        }
        assertThat(counters.get(PacketKind.TRUNCATED)).isEqualTo(1);
        assertThat(counters.get(PacketKind.ZRTP)).isEqualTo(1);
        assertThat(counters.get(PacketKind.TURN_CHANNEL)).isEqualTo(1);
        assertThat(counters.get(PacketKind.UNKNOWN)).isEqualTo(2);
        assertThat(counters.total()).isEqualTo(5);
        assertThat(counters.snapshot()).containsEntry(PacketKind.UNKNOWN, 2L).doesNotContainKey(PacketKind.RTP);
        counters.reset();
        assertThat(counters.total()).isZero();
    }
}
