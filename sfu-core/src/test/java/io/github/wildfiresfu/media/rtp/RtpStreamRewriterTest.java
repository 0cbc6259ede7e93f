package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input/output tables in the style of mediasoup's {@code worker/test/src/RTC/TestSeqManager.cpp}:
 * each step feeds one packet (SSRC, sequence number, timestamp, wall-clock ms) and states the outgoing
 * sequence number and timestamp, or the drop reason.
 */
class RtpStreamRewriterTest {

    private static final long OUT_SSRC = 0xABCDEF01L;
    private static final long A = 1111;
    private static final long B = 2222;
    private static final long C = 3333;

    private sealed interface Step permits Fwd, Drop, Skip, Reset {
    }

    /** Forward: expect this outgoing sequence number and timestamp. */
    private record Fwd(long ssrc, int seq, long ts, long ms, int outSeq, long outTs) implements Step {
    }

    /** Expect a drop with this reason; the packet must stay unchanged. */
    private record Drop(long ssrc, int seq, long ts, long ms, RtpDropReason reason) implements Step {
    }

    /** Report the packet skipped; expect whether the gap was closed. */
    private record Skip(long ssrc, int seq, boolean closed) implements Step {
    }

    /** {@link RtpStreamRewriter#markSourceChanged()}. */
    private record Reset() implements Step {
    }

    private static Fwd fwd(long ssrc, int seq, long ts, long ms, int outSeq, long outTs) {
        return new Fwd(ssrc, seq, ts, ms, outSeq, outTs);
    }

    private static void run(RtpStreamRewriter rw, List<Step> steps) {
        RtpPacket p = new RtpPacket();
        byte[] buf = new byte[20];
        int i = 0;
        for (Step step : steps) {
            String at = "step " + i++ + ": " + step;
            if (step instanceof Fwd f) {
                RtpPacket.writeFixedHeader(buf, 0, false, 96, f.seq(), f.ts(), f.ssrc());
                assertThat(p.wrap(buf, 0, buf.length)).isNull();
                assertThat(rw.rewrite(p, f.ms() * 1_000_000L)).as(at).isNull();
                assertThat(p.ssrc()).as(at).isEqualTo(OUT_SSRC);
                assertThat(p.sequenceNumber()).as(at + " seq").isEqualTo(f.outSeq());
                assertThat(p.timestamp()).as(at + " ts").isEqualTo(f.outTs());
                assertThat(p.payloadType()).as(at).isEqualTo(96);
            } else if (step instanceof Drop d) {
                RtpPacket.writeFixedHeader(buf, 0, false, 96, d.seq(), d.ts(), d.ssrc());
                p.wrap(buf, 0, buf.length);
                assertThat(rw.rewrite(p, d.ms() * 1_000_000L)).as(at).isEqualTo(d.reason());
                assertThat(p.sequenceNumber()).as(at + " unchanged").isEqualTo(d.seq());
                assertThat(p.ssrc()).as(at + " unchanged").isEqualTo(d.ssrc());
            } else if (step instanceof Skip s) {
                RtpPacket.writeFixedHeader(buf, 0, false, 96, s.seq(), 0, s.ssrc());
                p.wrap(buf, 0, buf.length);
                assertThat(rw.skip(p)).as(at).isEqualTo(s.closed());
            } else {
                rw.markSourceChanged();
            }
        }
    }

    @Test
    void firstSourceStartsAtJanusValuesAndCrossesBothInputWraps() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        assertThat(rw.highestOutgoingSequence()).isEqualTo(-1);
        assertThat(rw.sourceSsrc()).isEqualTo(-1);
        run(rw, List.of(
                fwd(A, 65534, 4_294_967_000L, 0, 1, 0),
                fwd(A, 65535, 4_294_967_000L, 0, 2, 0),
                fwd(A, 0, 2_704, 33, 3, 3_000),
                fwd(A, 1, 2_704, 33, 4, 3_000),
                fwd(A, 2, 5_704, 66, 5, 6_000)));
        assertThat(rw.sourceSsrc()).isEqualTo(A);
        assertThat(rw.highestOutgoingSequence()).isEqualTo(5);
        assertThat(rw.highestOutgoingTimestamp()).isEqualTo(6_000);
        assertThat(rw.sourceChanges()).isZero();
    }

    @Test
    void switchContinuesSequenceAndAdvancesTimestampByElapsedTime() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 100, 1_000, 0, 1, 0),
                fwd(A, 101, 4_000, 33, 2, 3_000),
                // B arrives 40 ms after A's last packet: ts = 3000 + 40 ms * 90 kHz.
                fwd(B, 5_000, 123_456, 73, 3, 6_600),
                fwd(B, 5_001, 126_456, 106, 4, 9_600),
                // Back to A, whose numbers moved on meanwhile: again highest + 1, +10 ms.
                fwd(A, 900, 900_000, 116, 5, 10_500),
                fwd(A, 901, 903_000, 149, 6, 13_500)));
        assertThat(rw.sourceChanges()).isEqualTo(2);
        assertThat(rw.sourceSsrc()).isEqualTo(A);
    }

    @Test
    void outOfOrderAndDuplicateInputKeepTheirDistances() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 10, 0, 0, 1, 0),
                fwd(A, 13, 6_000, 1, 4, 6_000),
                fwd(A, 11, 3_000, 2, 2, 3_000),
                fwd(A, 13, 6_000, 3, 4, 6_000),
                fwd(A, 12, 3_000, 4, 3, 3_000),
                fwd(A, 14, 9_000, 5, 5, 9_000)));
        // The newest packet (by sequence number) sets the base for the next switch.
        assertThat(rw.highestOutgoingSequence()).isEqualTo(5);
        assertThat(rw.highestOutgoingTimestamp()).isEqualTo(9_000);
    }

    @Test
    void latePacketsOfTheNewSourceOlderThanTheSwitchAreDropped() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 100, 0, 0, 1, 0),
                fwd(A, 101, 3_000, 33, 2, 3_000),
                fwd(B, 2, 50_000, 66, 3, 5_970),
                // B's packets sent before the switch point: their numbers would collide with A's.
                new Drop(B, 1, 47_000, 67, RtpDropReason.OLDER_THAN_SOURCE_SWITCH),
                new Drop(B, 65_535, 47_000, 67, RtpDropReason.OLDER_THAN_SOURCE_SWITCH),
                fwd(B, 3, 53_000, 99, 4, 8_970)));
    }

    @Test
    void skippedPacketsLeaveNoGapEvenWithReordering() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 1_000, 0, 0, 1, 0),
                // A temporal layer above the target: the caller skips 1001 and 1003.
                new Skip(A, 1_001, true),
                fwd(A, 1_002, 3_000, 10, 2, 3_000),
                new Skip(A, 1_003, true),
                fwd(A, 1_005, 9_000, 20, 4, 9_000),
                // 1004 arrives late and is forwarded: it fits between 1002 and 1005.
                fwd(A, 1_004, 6_000, 21, 3, 6_000),
                // A skipped number must stay skipped: its slot was given away.
                new Drop(A, 1_003, 4_500, 22, RtpDropReason.DROPPED_EARLIER),
                // Skipping an out-of-order packet cannot close its gap: 1007 already went out.
                fwd(A, 1_007, 15_000, 30, 6, 15_000),
                new Skip(A, 1_006, false),
                // Skips of another source or a duplicate of the newest are ignored.
                new Skip(B, 1_008, false),
                new Skip(A, 1_007, false),
                fwd(A, 1_008, 18_000, 40, 7, 18_000)));
    }

    @Test
    void skipsAcrossTheInputWrap() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 48_000, 500, 0);
        run(rw, List.of(
                fwd(A, 65_534, 960, 0, 500, 0),
                new Skip(A, 65_535, true),
                new Skip(A, 0, true),
                fwd(A, 1, 3_840, 60, 501, 2_880),
                fwd(A, 2, 4_800, 80, 502, 3_840)));
    }

    @Test
    void outgoingSequenceAndTimestampWrap() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 65_534, 4_294_967_000L);
        run(rw, List.of(
                fwd(A, 10, 0, 0, 65_534, 4_294_967_000L),
                fwd(A, 11, 1_000, 10, 65_535, 704),
                fwd(A, 12, 2_000, 20, 0, 1_704),
                fwd(B, 7, 7, 30, 1, 2_604),
                fwd(B, 8, 907, 40, 2, 3_504)));
    }

    @Test
    void markSourceChangedRebasesTheSameSsrc() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 30_000, 500_000, 0, 1, 0),
                fwd(A, 30_001, 503_000, 33, 2, 3_000),
                // The publisher renegotiated and restarted its stream with the same SSRC.
                new Reset(),
                fwd(A, 0, 0, 1_033, 3, 93_000),
                fwd(A, 1, 3_000, 1_066, 4, 96_000)));
        assertThat(rw.sourceChanges()).isEqualTo(1);
    }

    @Test
    void switchWithNoElapsedTimeStillAdvancesOneTick() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        run(rw, List.of(
                fwd(A, 1, 100, 50, 1, 0),
                fwd(B, 1, 100, 50, 2, 1),
                // A clock that went backwards counts as no time.
                fwd(C, 1, 100, 40, 3, 2)));
    }

    @Test
    void forgottenSkipsMakeVeryLatePacketsTooOld() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 1, 0);
        RtpPacket p = new RtpPacket();
        byte[] buf = new byte[12];
        RtpPacket.writeFixedHeader(buf, 0, false, 96, 100, 0, A);
        p.wrap(buf, 0, 12);
        assertThat(rw.rewrite(p, 0)).isNull();
        for (int seq = 101; seq <= 100 + RtpStreamRewriter.DROP_HISTORY + 1; seq++) {
            RtpPacket.writeFixedHeader(buf, 0, false, 96, seq, 0, A);
            p.wrap(buf, 0, 12);
            assertThat(rw.skip(p)).isTrue();
        }
        // 101 was skipped first and has been forgotten: the rewriter cannot tell, so refuses it.
        run(rw, List.of(
                new Drop(A, 101, 0, 1, RtpDropReason.TOO_OLD),
                new Drop(A, 102, 0, 1, RtpDropReason.DROPPED_EARLIER),
                fwd(A, 100 + RtpStreamRewriter.DROP_HISTORY + 2, 90, 2, 2, 90)));
    }

    @Test
    void longStreamOfManyWrapsStaysContinuous() {
        RtpStreamRewriter rw = new RtpStreamRewriter(OUT_SSRC, 90_000, 7, 0);
        RtpPacket p = new RtpPacket();
        byte[] buf = new byte[12];
        int expected = 7;
        long ssrc = A;
        int seq = 60_000;
        long ts = 4_294_000_000L;
        for (int i = 0; i < 200_000; i++) {
            if (i % 50_000 == 49_999) {
                ssrc = ssrc == A ? B : A;
                seq = (seq + 12_345) & 0xFFFF;
            }
            RtpPacket.writeFixedHeader(buf, 0, false, 96, seq, ts, ssrc);
            p.wrap(buf, 0, 12);
            assertThat(rw.rewrite(p, i * 1_000_000L)).isNull();
            if (p.sequenceNumber() != (expected & 0xFFFF)) {
                assertThat(p.sequenceNumber()).as("packet %d", i).isEqualTo(expected & 0xFFFF);
            }
            expected++;
            seq = (seq + 1) & 0xFFFF;
            ts = (ts + 90) & 0xFFFF_FFFFL;
        }
        assertThat(rw.sourceChanges()).isEqualTo(4);
    }

    @Test
    void rejectsANonPositiveClockRate() {
        assertThatThrownBy(() -> new RtpStreamRewriter(1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
