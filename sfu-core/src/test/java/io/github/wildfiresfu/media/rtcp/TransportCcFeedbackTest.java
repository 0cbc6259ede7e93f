package io.github.wildfiresfu.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtp.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Which chunks the builder picks (its greedy rule: run length for 14 or more equal symbols, or
     * 7 or more where a two-bit vector would be needed; else a one-bit vector when the next 14 are
     * all "not received" or "small"; else a two-bit vector), for packets given as
     * {@code seq@arrival-ms} with the first arrival at 1 000 ms. Sequence numbers are those of the
     * packets received; the ones skipped are reported as not received.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            14 in a row, small deltas  | 0@0 1@1 2@2 3@3 4@4 5@5 6@6 7@7 8@8 9@9 10@10 11@11 12@12 13@13 | 200e
            one lost among fifteen     | 0@0 1@1 2@2 3@3 4@4 5@5 6@6 7@7 8@8 9@9 10@10 11@11 12@12 14@14 | bffe a000
            a large delta among seven  | 0@0 1@100 2@101 3@102 4@103 5@104 6@105 | d955
            seven large ones in a row  | 0@0 1@100 2@200 3@300 4@400 5@500 6@600 7@700 8@800 9@900 10@1000 11@1100 12@1200 13@1300 | daaa 4007
            a burst of 40 lost         | 0@0 41@10 | a000 001b a000
            across the sequence wrap   | 65534@0 65535@1 0@2 1@3 | bc00
            reordered arrival          | 0@10 1@9 | d800
            """)
    void chunkChoice(String name, String packets, String expectedChunks) {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(1_000);
        builder.reset(1, 2, 0);
        for (String p : packets.trim().split(" +")) {
            String[] f = p.split("@");
            long arrival = 1_000_000L + Long.parseLong(f[1]) * 1_000;
            assertThat(builder.addReceivedPacket(Integer.parseInt(f[0]), arrival)).as(p).isTrue();
        }
        byte[] b = new byte[2_000];
        int n = builder.write(b, 0);
        String[] chunks = expectedChunks.trim().split(" +");
        assertThat(Hex.of(b, TransportCcFeedback.FIXED_LENGTH, 2 * chunks.length)).as(name)
                .isEqualTo(String.join("", chunks));
        // Nothing but the deltas (and padding) after those chunks: the chunks cover every status.
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(read(f)).hasSize(builder.packetStatusCount());
    }

    @Test
    void reorderingGivesANegativeTwoByteDelta() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        builder.reset(1, 2, 0);
        builder.addReceivedPacket(0, 1_010_000);
        builder.addReceivedPacket(1, 1_009_000);
        byte[] b = new byte[100];
        int n = builder.write(b, 0);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, n)).isNull();
        // Reference 15 x 64 ms = 960 ms: 50 ms = 200 ticks, then -1 ms = -4 ticks.
        assertThat(read(f)).containsExactly(new Status(0, TransportCcFeedback.RECEIVED_SMALL_DELTA, 200),
                new Status(1, TransportCcFeedback.RECEIVED_LARGE_DELTA, -4));
        assertThat(Hex.of(b, 22, 3)).isEqualTo("c8fffc");
    }

    @Test
    void aGivenBaseReportsTheLossesBeforeTheFirstArrival() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        builder.reset(1, 2, 3, 65534);
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.addReceivedPacket(1, 2_000_000)).isTrue();
        assertThat(builder.addReceivedPacket(2, 2_001_000)).isTrue();
        byte[] b = new byte[100];
        int n = builder.write(b, 0);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(f.baseSequenceNumber()).isEqualTo(65534);
        assertThat(f.feedbackPacketCount()).isEqualTo(3);
        assertThat(read(f)).extracting(Status::seq, Status::symbol).containsExactly(
                org.assertj.core.groups.Tuple.tuple(65534, 0), org.assertj.core.groups.Tuple.tuple(65535, 0),
                org.assertj.core.groups.Tuple.tuple(0, 0), org.assertj.core.groups.Tuple.tuple(1, 1),
                org.assertj.core.groups.Tuple.tuple(2, 1));
        // No more leading losses than statuses fit, and nothing before the base.
        builder.reset(1, 2, 0, 100);
        assertThat(builder.addReceivedPacket(110, 2_000_000)).as("11 statuses > 10").isFalse();
        assertThat(builder.addReceivedPacket(99, 2_000_000)).as("before the base").isFalse();
        assertThat(builder.addReceivedPacket(109, 2_000_000)).isTrue();
        assertThat(builder.packetStatusCount()).isEqualTo(10);
    }

    @Test
    void theReferenceTimeWrapsAt24Bits() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        TransportCcFeedback f = new TransportCcFeedback();
        byte[] b = new byte[100];
        long unit = TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS;
        // The last 64 ms unit before 2^24 units, then the first one after: -1 and 0 as 24-bit signed values.
        builder.reset(1, 2, 0);
        builder.addReceivedPacket(10, ((1L << 24) - 1) * unit + 500);
        int n = builder.write(b, 0);
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(f.referenceTime()).isEqualTo(-1);
        builder.reset(1, 2, 1);
        builder.addReceivedPacket(11, (1L << 24) * unit + 500);
        n = builder.write(b, 0);
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(f.referenceTime()).isZero();
        // A negative clock (System.nanoTime may be) rounds down too.
        builder.reset(1, 2, 2);
        builder.addReceivedPacket(12, -1);
        n = builder.write(b, 0);
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(f.referenceTime()).isEqualTo(-1);
        f.nextPacket();
        assertThat(f.packetDeltaTicks()).isEqualTo(255);
    }
}
