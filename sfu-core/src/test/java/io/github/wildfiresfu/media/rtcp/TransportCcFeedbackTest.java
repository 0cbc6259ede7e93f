package io.github.wildfiresfu.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtp.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 feedback: parser cursor and builder. */
class TransportCcFeedbackTest {

    /**
     * Hand-assembled: base 65534, 5 statuses across the wrap, reference time 16 (x 64 ms), feedback
     * count 7, one two-bit vector chunk 11|01 00 10 01 01 00 00 (small, missing, large, small, small),
     * deltas 4, -8 (2 bytes), 255, 0, one byte of zero padding.
     */
    static final String TWO_BIT_VECTOR = "8f cd 0006 | 00000001 | 00000002 | fffe 0005 | 000010 07 | d250"
            + "| 04 fff8 ff 00 | 00";

    /**
     * Hand-assembled: base 100, 20 statuses, reference time -1, a one-bit vector chunk
     * 10|11011111111110 and a run-length chunk 0|01|0000000000110 (6 x small), 18 one-byte deltas
     * 1..18, two bytes of padding.
     */
    static final String ONE_BIT_AND_RUN = "8f cd 000a | 00000001 | 00000002 | 0064 0014 | ffffff 00 | b7fe 2006"
            + "| 0102030405060708090a0b0c0d0e0f101112 | 0000";

    private record Status(int seq, int symbol, int ticks) {
    }

    private static List<Status> read(TransportCcFeedback f) {
        List<Status> out = new ArrayList<>();
        f.resetCursor();
        while (f.nextPacket()) {
            out.add(new Status(f.packetSequenceNumber(), f.packetStatus(), f.packetDeltaTicks()));
        }
        return out;
    }

    @Test
    void readsATwoBitVectorAcrossTheSequenceWrap() {
        byte[] b = Hex.bytes(TWO_BIT_VECTOR);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, b.length)).isNull();
        assertThat(f.senderSsrc()).isEqualTo(1);
        assertThat(f.mediaSsrc()).isEqualTo(2);
        assertThat(f.baseSequenceNumber()).isEqualTo(65534);
        assertThat(f.packetStatusCount()).isEqualTo(5);
        assertThat(f.referenceTime()).isEqualTo(16);
        assertThat(f.feedbackPacketCount()).isEqualTo(7);
        assertThat(read(f)).containsExactly(
                new Status(65534, TransportCcFeedback.RECEIVED_SMALL_DELTA, 4),
                new Status(65535, TransportCcFeedback.NOT_RECEIVED, 0),
                new Status(0, TransportCcFeedback.RECEIVED_LARGE_DELTA, -8),
                new Status(1, TransportCcFeedback.RECEIVED_SMALL_DELTA, 255),
                new Status(2, TransportCcFeedback.RECEIVED_SMALL_DELTA, 0));
        f.resetCursor();
        f.nextPacket();
        assertThat(f.packetReceived()).isTrue();
        assertThat(f.packetDeltaMicros()).isEqualTo(1_000);
        f.nextPacket();
        assertThat(f.packetReceived()).isFalse();
    }

    @Test
    void readsOneBitVectorAndRunLengthChunks() {
        byte[] b = Hex.bytes(ONE_BIT_AND_RUN);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, b.length)).isNull();
        assertThat(f.referenceTime()).isEqualTo(-1);
        List<Status> statuses = read(f);
        assertThat(statuses).hasSize(20);
        int delta = 1;
        for (int i = 0; i < 20; i++) {
            Status s = statuses.get(i);
            assertThat(s.seq()).isEqualTo(100 + i);
            if (i == 2 || i == 13) {
                assertThat(s.symbol()).as("packet %d", i).isEqualTo(TransportCcFeedback.NOT_RECEIVED);
            } else {
                assertThat(s.symbol()).as("packet %d", i).isEqualTo(TransportCcFeedback.RECEIVED_SMALL_DELTA);
                assertThat(s.ticks()).isEqualTo(delta++);
            }
        }
    }

    @Test
    void builderReproducesTheHandAssembledPacket() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(100);
        builder.reset(1, 2, 7);
        long first = 16 * 64_000 + 1_000;
        assertThat(builder.addReceivedPacket(65534, first)).isTrue();
        assertThat(builder.addReceivedPacket(0, first - 2_000)).isTrue();
        assertThat(builder.addReceivedPacket(1, first - 2_000 + 63_750)).isTrue();
        assertThat(builder.addReceivedPacket(2, first - 2_000 + 63_750)).isTrue();
        assertThat(builder.packetStatusCount()).isEqualTo(5);
        byte[] b = new byte[64];
        int n = builder.write(b, 0);
        assertThat(n).isEqualTo(builder.length()).isEqualTo(28);
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.of(Hex.bytes(TWO_BIT_VECTOR), 0, 28));
    }

    @Test
    void builderRoundTripsLongSequencesWithRunsGapsAndLargeDeltas() {
        Random random = new Random(8888);
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(30_000);
        TransportCcFeedback f = new TransportCcFeedback();
        byte[] b = new byte[20_000];
        for (int round = 0; round < 200; round++) {
            builder.reset(0xAABBCCDDL, 0x11223344L, round);
            int seq = random.nextInt(65536);
            long arrival = 5_000_000L + random.nextInt(1_000_000);
            List<Status> expected = new ArrayList<>();
            long lastTicks = Math.floorDiv(arrival, 250L);
            long refTicks = Math.floorDiv(arrival, 64_000L) * 256;
            int n = 1 + random.nextInt(600);
            int mode = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    int gap = mode == 0 ? 1 : random.nextInt(10) < 8 ? 1 : 1 + random.nextInt(mode == 1 ? 3 : 40);
                    for (int g = 1; g < gap; g++) {
                        expected.add(new Status((seq + g) & 0xFFFF, 0, 0));
                    }
                    seq = (seq + gap) & 0xFFFF;
                    int r = random.nextInt(20);
                    long step = r < 15 ? random.nextInt(20_000) : r < 18 ? -random.nextInt(5_000) : 70_000 + random.nextInt(100_000);
                    arrival += step;
                }
                long ticks = Math.floorDiv(arrival, 250L);
                long delta = ticks - (i == 0 ? refTicks : lastTicks);
                assertThat(builder.addReceivedPacket(seq, arrival)).as("round %d packet %d", round, i).isTrue();
                int symbol = delta >= 0 && delta <= 255 ? 1 : 2;
                expected.add(new Status(seq, symbol, (int) delta));
                lastTicks = ticks;
            }
            int len = builder.write(b, 0);
            assertThat(len % 4).isZero();
            assertThat(f.wrap(b, 0, len)).as("round %d", round).isNull();
            assertThat(f.feedbackPacketCount()).isEqualTo(round & 0xFF);
            assertThat(f.packetStatusCount()).isEqualTo(expected.size());
            assertThat(read(f)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void longRunsUseRunLengthChunks() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(1_000);
        builder.reset(1, 2, 0);
        for (int i = 0; i < 500; i++) {
            builder.addReceivedPacket(i, 1_000_000 + i * 1_000L);
        }
        byte[] b = new byte[1_000];
        int n = builder.write(b, 0);
        // One run-length chunk for 500 small deltas: 20 + 2 + 500, padded.
        assertThat(n).isEqualTo((20 + 2 + 500 + 3) & ~3);
        assertThat(Hex.of(b, 20, 2)).isEqualTo("21f4");
    }

    @Test
    void builderRefusesWhatDoesNotFit() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        assertThatThrownBy(() -> builder.write(new byte[100], 0)).isInstanceOf(IllegalStateException.class);
        builder.reset(1, 2, 0);
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.addReceivedPacket(100, 1_000_000)).isTrue();
        assertThat(builder.addReceivedPacket(100, 1_000_000)).as("not newer").isFalse();
        assertThat(builder.addReceivedPacket(99, 1_000_000)).as("older").isFalse();
        assertThat(builder.addReceivedPacket(110, 1_000_000)).as("11 statuses > 10").isFalse();
        assertThat(builder.addReceivedPacket(101, 1_000_000 + 8_192_000)).as("delta > 32767 ticks").isFalse();
        assertThat(builder.addReceivedPacket(101, 1_000_000 - 8_193_000)).as("delta < -32768 ticks").isFalse();
        assertThat(builder.addReceivedPacket(109, 1_000_000 + 8_191_000)).isTrue();
        assertThat(builder.packetStatusCount()).isEqualTo(10);
        assertThatThrownBy(() -> builder.write(new byte[20], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransportCcFeedbackBuilder(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedFeedbackGetsNamedReasons() {
        TransportCcFeedback f = new TransportCcFeedback();
        // Run-length chunk with the reserved symbol 11.
        byte[] reserved = Hex.bytes("8f cd 0005 | 00000001 | 00000002 | 0000 0003 | 000000 00 | 6003 0000");
        assertThat(f.wrap(reserved, 0, reserved.length)).isEqualTo(RtcpDropReason.TRANSPORT_CC_RESERVED_SYMBOL);
        // Two-bit vector with a reserved symbol among the counted ones.
        byte[] reservedInVector = Hex.bytes("8f cd 0005 | 00000001 | 00000002 | 0000 0002 | 000000 00 | f000 0000");
        assertThat(f.wrap(reservedInVector, 0, reservedInVector.length))
                .isEqualTo(RtcpDropReason.TRANSPORT_CC_RESERVED_SYMBOL);
        // Seven large deltas announced, room for three bytes.
        byte[] deltasCut = Hex.bytes("8f cd 0005 | 00000001 | 00000002 | 0000 0007 | 000000 00 | eaaa 0102");
        assertThat(f.wrap(deltasCut, 0, deltasCut.length)).isEqualTo(RtcpDropReason.TRANSPORT_CC_TRUNCATED);
        // 200 statuses, chunks for 14.
        byte[] chunksCut = Hex.bytes("8f cd 0005 | 00000001 | 00000002 | 0000 00c8 | 000000 00 | 8000 0000");
        assertThat(f.wrap(chunksCut, 0, chunksCut.length)).isEqualTo(RtcpDropReason.TRANSPORT_CC_TRUNCATED);
        byte[] headerOnly = Hex.bytes("8f cd 0003 | 00000001 | 00000002 | 0000 0000");
        assertThat(f.wrap(headerOnly, 0, headerOnly.length)).isEqualTo(RtcpDropReason.TOO_SHORT);
        byte[] nack = Hex.bytes("81 cd 0003 | 00000001 | 00000002 | 0064 0005");
        assertThat(f.wrap(nack, 0, nack.length)).isEqualTo(RtcpDropReason.WRONG_TYPE);
        assertThat(f.nextPacket()).isFalse();
        // Zero statuses is a valid (if useless) feedback.
        byte[] empty = Hex.bytes("8f cd 0004 | 00000001 | 00000002 | 0000 0000 | 000000 00");
        assertThat(f.wrap(empty, 0, empty.length)).isNull();
        assertThat(f.nextPacket()).isFalse();
    }
}
