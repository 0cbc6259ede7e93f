package io.github.wildfiresfu.media.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide congestion control's two halves in the router: the feedback a publisher gets
 * ({@link TransportCcFeedbackGenerator}: arrivals in, Transport Feedback packets out, across the
 * sequence wrap, with losses, late arrivals, duplicates and long gaps) and what a subscriber's
 * feedback tells us ({@link TransportCcSender}).
 */
class TransportCcTest {

    private static final long OUR_SSRC = 0xAAAA_0001L;
    private static final long MEDIA_SSRC = 0xBBBB_0002L;

    /** One status of a feedback packet: "seq+" received, "seq-" not. */
    private static List<String> statuses(byte[] b, int len) {
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, len)).isNull();
        List<String> out = new ArrayList<>();
        while (f.nextPacket()) {
            out.add(f.packetSequenceNumber() + (f.packetReceived() ? "+" : "-"));
        }
        return out;
    }

    private static List<String> next(TransportCcFeedbackGenerator g) {
        byte[] b = new byte[1_500];
        int n = g.writeNext(b, 0, OUR_SSRC);
        assertThat(n).as("a feedback packet").isPositive();
        return statuses(b, n);
    }

    @Test
    void arrivalsInOrderAreReportedOnceWithTheirDeltas() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        assertThat(g.hasUnreported()).isFalse();
        assertThat(g.writeNext(new byte[1_500], 0, OUR_SSRC)).isZero();
        for (int i = 0; i < 10; i++) {
            g.onPacket(10 + i, 5_000_000 + 1_000L * i, MEDIA_SSRC);
        }
        byte[] b = new byte[1_500];
        int n = g.writeNext(b, 0, OUR_SSRC);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(b, 0, n)).isNull();
        assertThat(f.senderSsrc()).isEqualTo(OUR_SSRC);
        assertThat(f.mediaSsrc()).isEqualTo(MEDIA_SSRC);
        assertThat(f.baseSequenceNumber()).isEqualTo(10);
        assertThat(f.packetStatusCount()).isEqualTo(10);
        assertThat(f.feedbackPacketCount()).isZero();
        f.nextPacket();
        for (int i = 1; i < 10; i++) {
            assertThat(f.nextPacket()).isTrue();
            assertThat(f.packetDeltaMicros()).isEqualTo(1_000);
        }
        assertThat(g.hasUnreported()).isFalse();
        assertThat(g.writeNext(b, 0, OUR_SSRC)).isZero();
        g.onPacket(20, 5_100_000, MEDIA_SSRC);
        assertThat(f.wrap(b, 0, g.writeNext(b, 0, OUR_SSRC))).isNull();
        assertThat(f.feedbackPacketCount()).as("counts feedback packets").isEqualTo(1);
        assertThat(g.feedbackPackets()).isEqualTo(2);
        assertThat(g.recorded()).isEqualTo(11);
    }

    @Test
    void lossesAcrossTheWrapAreReportedAsNotReceived() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        g.onPacket(65533, 1_000_000, MEDIA_SSRC);
        g.onPacket(65534, 1_001_000, MEDIA_SSRC);
        g.onPacket(1, 1_002_000, MEDIA_SSRC);
        assertThat(next(g)).containsExactly("65533+", "65534+", "65535-", "0-", "1+");
    }

    @Test
    void aLateArrivalIsReportedAgainFromItsNumberOn() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        g.onPacket(10, 1_000_000, MEDIA_SSRC);
        g.onPacket(11, 1_001_000, MEDIA_SSRC);
        g.onPacket(13, 1_002_000, MEDIA_SSRC);
        assertThat(next(g)).containsExactly("10+", "11+", "12-", "13+");
        // 12 arrives after the report said it had not: the next report starts at it.
        g.onPacket(12, 1_003_000, MEDIA_SSRC);
        g.onPacket(14, 1_004_000, MEDIA_SSRC);
        assertThat(next(g)).containsExactly("12+", "13+", "14+");
        g.onPacket(12, 1_005_000, MEDIA_SSRC);
        assertThat(g.duplicates()).isEqualTo(1);
        assertThat(g.hasUnreported()).isFalse();
    }

    @Test
    void aBacklogGoesOutInPacketsOfAtMostMaxStatuses() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        for (int i = 0; i < 1_000; i++) {
            g.onPacket(65000 + i, 1_000_000 + 100L * i, MEDIA_SSRC);
        }
        byte[] b = new byte[1_500];
        TransportCcFeedback f = new TransportCcFeedback();
        int expectedBase = 65000;
        int[] sizes = {TransportCcFeedbackGenerator.MAX_STATUSES, TransportCcFeedbackGenerator.MAX_STATUSES, 200};
        for (int k = 0; k < 3; k++) {
            int n = g.writeNext(b, 0, OUR_SSRC);
            assertThat(n).isLessThanOrEqualTo(1_200);
            assertThat(f.wrap(b, 0, n)).isNull();
            assertThat(f.baseSequenceNumber()).isEqualTo(expectedBase & 0xFFFF);
            assertThat(f.packetStatusCount()).isEqualTo(sizes[k]);
            assertThat(f.feedbackPacketCount()).isEqualTo(k);
            expectedBase += sizes[k];
        }
        assertThat(g.writeNext(b, 0, OUR_SSRC)).isZero();
    }

    @Test
    void longLossRunsAndGapsInTimeSplitOrShortenTheReport() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        g.onPacket(0, 1_000_000, MEDIA_SSRC);
        next(g);
        // 999 lost, then one: only the last MAX_STATUSES - 1 losses are reported before it.
        g.onPacket(1_000, 1_100_000, MEDIA_SSRC);
        List<String> report = next(g);
        assertThat(report).hasSize(TransportCcFeedbackGenerator.MAX_STATUSES).endsWith("1000+");
        assertThat(report.get(0)).isEqualTo((1_000 - TransportCcFeedbackGenerator.MAX_STATUSES + 1) + "-");
        assertThat(g.forgotten()).isEqualTo(1_000 - TransportCcFeedbackGenerator.MAX_STATUSES);
        // Ten seconds between two arrivals do not fit a 16-bit delta: two packets.
        g.onPacket(1_001, 2_000_000, MEDIA_SSRC);
        g.onPacket(1_002, 12_000_000, MEDIA_SSRC);
        assertThat(next(g)).containsExactly("1001+");
        assertThat(next(g)).containsExactly("1002+");
    }

    @Test
    void numbersTooFarBehindAreCountedAndAJumpStartsOver() {
        TransportCcFeedbackGenerator g = new TransportCcFeedbackGenerator();
        g.onPacket(100, 1_000_000, MEDIA_SSRC);
        g.onPacket(100 + TransportCcFeedbackGenerator.WINDOW - 1, 1_001_000, MEDIA_SSRC);
        g.onPacket(99, 1_002_000, MEDIA_SSRC);
        assertThat(g.tooOld()).isEqualTo(1);
        // Past the whole window: what was unreported is forgotten, reporting restarts at the new number.
        g.onPacket(30_000, 1_003_000, MEDIA_SSRC);
        assertThat(g.forgotten()).isEqualTo(TransportCcFeedbackGenerator.WINDOW);
        assertThat(next(g)).containsExactly("30000+");
    }

    @Test
    void theSenderNumbersEveryPacketAndCountsWhatFeedbackReports() {
        TransportCcSender sender = new TransportCcSender();
        byte[] b = new byte[2];
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sender.number(b, 0);
            numbers.add(((b[0] & 0xFF) << 8) | (b[1] & 0xFF));
        }
        assertThat(numbers).startsWith(1, 2, 3).endsWith(12);

        TransportCcFeedback f = new TransportCcFeedback();
        byte[] fb = new byte[200];
        // 1..10 with 3 and 7 lost.
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(100);
        builder.reset(9, 0, 0);
        for (int n = 1; n <= 10; n++) {
            if (n != 3 && n != 7) {
                builder.addReceivedPacket(n, 1_000_000 + 1_000L * n);
            }
        }
        int len = builder.write(fb, 0);
        assertThat(f.wrap(fb, 0, len)).isNull();
        sender.onFeedback(f);
        // 5..12 again (11 and 12 are new), after a feedback packet went missing (count 0, then 2).
        builder.reset(9, 0, 2);
        for (int n = 5; n <= 12; n++) {
            builder.addReceivedPacket(n, 1_000_000 + 1_000L * n);
        }
        len = builder.write(fb, 0);
        assertThat(f.wrap(fb, 0, len)).isNull();
        sender.onFeedback(f);
        // A report of numbers we never sent.
        builder.reset(9, 0, 3);
        builder.addReceivedPacket(500, 1_000_000);
        len = builder.write(fb, 0);
        assertThat(f.wrap(fb, 0, len)).isNull();
        sender.onFeedback(f);
        assertThat(sender.stats()).isEqualTo(new TransportCcSender.Stats(12, 3, 10, 2, 1, 1));
    }

    @Test
    void theSenderWrapsAt16Bits() {
        TransportCcSender sender = new TransportCcSender();
        byte[] b = new byte[2];
        for (int i = 0; i < 65_537; i++) {
            sender.number(b, 0);
        }
        // 1, 2, ..., 65535, 0, 1: the 65 537th number is 1 again.
        assertThat(((b[0] & 0xFF) << 8) | (b[1] & 0xFF)).isEqualTo(1);
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        builder.reset(9, 0, 0);
        builder.addReceivedPacket(65535, 1_000_000);
        builder.addReceivedPacket(1, 1_001_000);
        byte[] fb = new byte[100];
        int len = builder.write(fb, 0);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.wrap(fb, 0, len)).isNull();
        sender.onFeedback(f);
        assertThat(sender.stats().reportedReceived()).isEqualTo(2);
        assertThat(sender.stats().reportedLost()).isEqualTo(1);
        assertThat(sender.stats().unknownReports()).isZero();
    }
}
