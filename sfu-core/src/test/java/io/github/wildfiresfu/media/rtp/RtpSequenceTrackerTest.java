package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 3550 Appendix A.1 and A.3 behaviour. */
class RtpSequenceTrackerTest {

    private static boolean[] feed(RtpSequenceTracker t, int... seqs) {
        boolean[] r = new boolean[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            r[i] = t.update(seqs[i]);
        }
        return r;
    }

    @Test
    void newSourceIsOnProbationForTwoSequentialPackets() {
        RtpSequenceTracker t = new RtpSequenceTracker();
        assertThat(feed(t, 1000, 1001, 1002)).containsExactly(false, true, true);
        // A.1: init_seq on the packet that ends probation, so counting starts there.
        assertThat(t.baseSequence()).isEqualTo(1001);
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.expected()).isEqualTo(2);
        assertThat(t.cumulativeLost()).isZero();
    }

    @Test
    void probationRestartsOnANonSequentialPacket() {
        RtpSequenceTracker t = new RtpSequenceTracker();
        assertThat(feed(t, 10, 20, 21, 22)).containsExactly(false, false, true, true);
        assertThat(t.baseSequence()).isEqualTo(21);
        assertThat(t.expected()).isEqualTo(2);
    }

    @Test
    void withoutProbationTheFirstPacketCounts() {
        RtpSequenceTracker t = new RtpSequenceTracker(0);
        assertThat(feed(t, 65534, 65535, 0, 1)).containsExactly(true, true, true, true);
        assertThat(t.cycles()).isEqualTo(65536);
        assertThat(t.extendedHighestSequence()).isEqualTo(65537);
        assertThat(t.expected()).isEqualTo(4);
        assertThat(t.received()).isEqualTo(4);
    }

    @Test
    void lossesAndReorderingAcrossTheWrap() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        // 65533 and 1 lost; 65535 arrives after 0 (reordered, counted, no new cycle).
        assertThat(feed(t, 65530, 65531, 65532, 65534, 0, 65535, 2, 3)).containsOnly(true);
        assertThat(t.extendedHighestSequence()).isEqualTo(65536 + 3);
        assertThat(t.expected()).isEqualTo(65539 - 65530 + 1);
        assertThat(t.received()).isEqualTo(8);
        assertThat(t.cumulativeLost()).isEqualTo(2);
        assertThat(t.cumulativeLostForReport()).isEqualTo(2);
        // A.3: 2 of 10 lost in the first interval -> 2 * 256 / 10 = 51.
        assertThat(t.fractionLostSinceLastCall()).isEqualTo(51);
        feed(t, 4, 5, 6);
        assertThat(t.fractionLostSinceLastCall()).isZero();
    }

    @Test
    void duplicatesAreCountedAndMakeLossNegative() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        feed(t, 1, 2, 2, 2, 3);
        assertThat(t.received()).isEqualTo(5);
        assertThat(t.expected()).isEqualTo(3);
        assertThat(t.cumulativeLost()).isEqualTo(-2);
        assertThat(t.fractionLostSinceLastCall()).isZero();
    }

    @Test
    void largeJumpNeedsTwoSequentialPacketsToResync() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        feed(t, 100, 101);
        // 5000 ahead is beyond MAX_DROPOUT: the first is refused, the next in sequence resyncs.
        assertThat(t.update(5101)).isFalse();
        assertThat(t.update(102)).isTrue();
        assertThat(t.update(6000)).isFalse();
        assertThat(t.update(6001)).isTrue();
        assertThat(t.baseSequence()).isEqualTo(6001);
        assertThat(t.received()).isEqualTo(1);
        assertThat(t.update(6002)).isTrue();
        assertThat(t.expected()).isEqualTo(2);
    }

    @Test
    void gapWithinMaxDropoutIsInOrder() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        feed(t, 1000);
        assertThat(t.update(1000 + RtpSequenceTracker.MAX_DROPOUT - 1)).isTrue();
        assertThat(t.cumulativeLost()).isEqualTo(RtpSequenceTracker.MAX_DROPOUT - 2);
    }

    @Test
    void fractionLostOfAGapInTheInterval() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        feed(t, 1);
        assertThat(t.fractionLostSinceLastCall()).isZero();
        // Next interval: 10 expected (2..11), 1 received.
        t.update(11);
        assertThat(t.fractionLostSinceLastCall()).isEqualTo(9 * 256 / 10);
        assertThat(t.fractionLostSinceLastCall()).isZero();
    }

    @Test
    void reportClampsTo24Bits() {
        RtpSequenceTracker t = new RtpSequenceTracker(1);
        t.update(0);
        for (int i = 1; i <= 3000; i++) {
            // Each step jumps 2999 ahead within MAX_DROPOUT: 2998 losses each.
            t.update((i * 2999) & 0xFFFF);
        }
        assertThat(t.cumulativeLost()).isGreaterThan(0x7FFFFF);
        assertThat(t.cumulativeLostForReport()).isEqualTo(0x7FFFFF);
    }

    @Test
    void rejectsNegativeProbation() {
        assertThatThrownBy(() -> new RtpSequenceTracker(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
