package io.github.wildfiresfu.media.routing;

import static io.github.wildfiresfu.media.routing.SimulcastLayerSelector.Verdict.OTHER_SUBSTREAM;
import static io.github.wildfiresfu.media.routing.SimulcastLayerSelector.Verdict.RELAY;
import static io.github.wildfiresfu.media.routing.SimulcastLayerSelector.Verdict.TEMPORAL_LAYER_ABOVE_TARGET;
import static io.github.wildfiresfu.media.routing.SimulcastLayerSelector.Verdict.WAITING_FOR_KEYFRAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.routing.SimulcastLayerSelector.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer selection state machine as tables: each row is one packet (time, substream, keyframe,
 * temporal layer) and what must happen (verdict, current substream and temporal layer after it,
 * and which notifications or keyframe requests it raises).
 */
class SimulcastLayerSelectorTest {

    private static final long MS = 1_000_000L;

    /** Packet in, expectations out; {@code tid} -1 for a codec without temporal layers. */
    private record Row(long ms, int layer, boolean key, int tid, Verdict verdict, int substream, int temporal,
            String flags) {
    }

    /** A row; {@code flags} lists "S" (substream changed), "T" (temporal changed), "K" (keyframe needed). */
    private static Row r(long ms, int layer, boolean key, int tid, Verdict verdict, int substream, int temporal,
            String flags) {
        return new Row(ms, layer, key, tid, verdict, substream, temporal, flags);
    }

    private static void run(SimulcastLayerSelector s, List<Row> rows) {
        int i = 0;
        for (Row row : rows) {
            String at = "row " + i++ + ": " + row + " / " + s;
            assertThat(s.process(row.layer(), row.key(), row.tid(), row.ms() * MS)).as(at).isEqualTo(row.verdict());
            assertThat(s.substream()).as(at + " substream").isEqualTo(row.substream());
            assertThat(s.temporal()).as(at + " temporal").isEqualTo(row.temporal());
            String flags = (s.substreamChanged() ? "S" : "") + (s.temporalChanged() ? "T" : "")
                    + (s.keyframeNeeded() ? "K" : "");
            assertThat(flags).as(at + " flags").isEqualTo(row.flags());
        }
    }

    /** Packets of all three layers at {@code ms} (layer 0, 1, 2), none a keyframe, no temporal info. */
    private static List<Row> background(long ms, int current) {
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            rows.add(r(ms, l, false, -1, current < 0 ? WAITING_FOR_KEYFRAME : l == current ? RELAY : OTHER_SUBSTREAM,
                    current, -1, ""));
        }
        return rows;
    }

    @Test
    void startsOnAKeyframeOfTheHighestLayerAndSwitchesOnlyOnKeyframes() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        List<Row> rows = new ArrayList<>(background(0, -1));
        rows.addAll(List.of(
                // A keyframe of layer 0 is not the goal (2 arrives): still waiting.
                r(10, 0, true, -1, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(11, 2, true, -1, RELAY, 2, -1, "S"),
                r(12, 0, true, -1, OTHER_SUBSTREAM, 2, -1, ""),
                r(13, 2, false, -1, RELAY, 2, -1, "")));
        run(s, rows);

        // The subscriber asks for substream 0: the goal moves, a keyframe is needed there.
        assertThat(s.setTargets(0, 2, 0)).isTrue();
        run(s, List.of(
                r(20, 0, false, -1, OTHER_SUBSTREAM, 2, -1, "K"),
                r(21, 2, false, -1, RELAY, 2, -1, ""),
                r(22, 1, true, -1, OTHER_SUBSTREAM, 2, -1, ""), // a keyframe of 1 is not the goal
                r(23, 2, true, -1, RELAY, 2, -1, ""),
                r(24, 0, true, -1, RELAY, 0, -1, "S"),
                r(25, 2, false, -1, OTHER_SUBSTREAM, 0, -1, "")));
        assertThat(s.setTargets(0, 2, 0)).as("same target").isFalse();

        // And back up to 1.
        assertThat(s.setTargets(1, 2, 0)).isTrue();
        run(s, List.of(
                r(30, 0, false, -1, RELAY, 0, -1, "K"),
                r(31, 1, false, -1, OTHER_SUBSTREAM, 0, -1, ""),
                r(32, 1, true, -1, RELAY, 1, -1, "S")));
        assertThat(s.substreamTarget()).isEqualTo(1);
    }

    @Test
    void fallsBackWhenTheCurrentLayerStopsAndReturnsWhenItComesBack() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        List<Row> rows = new ArrayList<>(background(0, -1));
        rows.add(r(5, 2, true, -1, RELAY, 2, -1, "S"));
        run(s, rows);
        // Layer 2 stops at 5 ms; 0 and 1 go on. After the fallback (250 ms) the goal is 1.
        run(s, List.of(
                r(100, 1, false, -1, OTHER_SUBSTREAM, 2, -1, ""),
                r(255, 1, false, -1, OTHER_SUBSTREAM, 2, -1, ""),
                r(256, 1, false, -1, OTHER_SUBSTREAM, 2, -1, "K"),
                r(257, 1, false, -1, OTHER_SUBSTREAM, 2, -1, ""),
                r(300, 1, true, -1, RELAY, 1, -1, "S"),
                r(301, 0, true, -1, OTHER_SUBSTREAM, 1, -1, "")));
        assertThat(s.goal()).isEqualTo(1);
        // Layer 1 stops too: down to 0.
        run(s, List.of(
                r(400, 0, false, -1, OTHER_SUBSTREAM, 1, -1, ""),
                r(552, 0, false, -1, OTHER_SUBSTREAM, 1, -1, "K"),
                r(560, 0, true, -1, RELAY, 0, -1, "S")));
        // Layer 2 is back (the browser re-enabled it): the goal moves up, switching on its keyframe.
        run(s, List.of(
                r(600, 2, false, -1, OTHER_SUBSTREAM, 0, -1, "K"),
                r(601, 0, false, -1, RELAY, 0, -1, ""),
                r(602, 2, true, -1, RELAY, 2, -1, "S")));
    }

    @Test
    void theKeyframeRequestIsRepeatedUntilTheGoalIsReached() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        s.setTargets(0, 2, 0);
        List<Row> rows = new ArrayList<>(background(0, -1));
        rows.add(r(1, 0, true, -1, RELAY, 0, -1, "S"));
        run(s, rows);
        s.setTargets(2, 2, 0);
        // The browser ignored the first request (it throttles them): ask again every 500 ms.
        List<Row> waiting = new ArrayList<>();
        for (long ms = 10; ms <= 1100; ms += 30) {
            String flags = ms == 10 || ms == 520 || ms == 1030 ? "K" : "";
            waiting.add(r(ms, 0, false, -1, RELAY, 0, -1, flags));
            waiting.add(r(ms, 2, false, -1, OTHER_SUBSTREAM, 0, -1, ""));
        }
        waiting.add(r(1101, 2, true, -1, RELAY, 2, -1, "S"));
        waiting.add(r(1700, 2, false, -1, RELAY, 2, -1, ""));
        run(s, waiting);
    }

    @Test
    void aLongerFallbackToleratesSlowLayers() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        s.setTargets(2, 2, 2_000_000);
        assertThat(s.fallbackMicros()).isEqualTo(2_000_000);
        run(s, List.of(
                r(0, 0, false, -1, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(1, 2, true, -1, RELAY, 2, -1, "S"),
                // A screen share at 1 fps: layer 2 silent for a second is still live.
                r(1000, 0, false, -1, OTHER_SUBSTREAM, 2, -1, ""),
                r(1001, 2, false, -1, RELAY, 2, -1, "")));
        s.setTargets(2, 2, 0);
        assertThat(s.fallbackMicros()).isEqualTo(SimulcastLayerSelector.DEFAULT_FALLBACK_MICROS);
    }

    @Test
    void waitsForTheGoalButTakesAnyKeyframeAfterASecond() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        // A long fallback keeps all three layers live over the second this test waits.
        s.setTargets(2, 2, 2_000_000);
        assertThat(s.nanosSinceRelayed(0)).isEqualTo(Long.MAX_VALUE);
        List<Row> rows = new ArrayList<>(background(0, -1));
        rows.addAll(List.of(
                r(500, 1, true, -1, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(999, 0, true, -1, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(1000, 0, true, -1, RELAY, 0, -1, "S")));
        run(s, rows);
        assertThat(s.nanosSinceRelayed(1500 * MS)).isEqualTo(500 * MS);
        // With a target above what is published, the highest live layer is the goal.
        SimulcastLayerSelector two = new SimulcastLayerSelector();
        run(two, List.of(
                r(0, 0, false, -1, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(1, 1, true, -1, RELAY, 1, -1, "S")));
    }

    @Test
    void temporalLayersAreCappedAndRaisedAsPacketsAllow() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        s.setTargets(0, 0, 0);
        run(s, List.of(
                // VP8 with two temporal layers (janus.js L1T2): TID 0 and 1.
                r(0, 0, true, 0, RELAY, 0, 0, "ST"),
                r(33, 0, false, 1, TEMPORAL_LAYER_ABOVE_TARGET, 0, 0, ""),
                r(66, 0, false, 0, RELAY, 0, 0, ""),
                r(99, 0, false, 1, TEMPORAL_LAYER_ABOVE_TARGET, 0, 0, "")));
        // Target 2 with only TID 0..1 published: move up to 1 (Janus would wait for a TID 2 forever).
        s.setTargets(0, 2, 0);
        run(s, List.of(
                r(132, 0, false, 0, RELAY, 0, 0, ""),
                r(165, 0, false, 1, RELAY, 0, 1, "T"),
                r(198, 0, false, 0, RELAY, 0, 1, "")));
        // Down to 0 again on the next TID 0 packet.
        s.setTargets(0, 0, 0);
        run(s, List.of(
                r(231, 0, false, 1, RELAY, 0, 1, ""),
                r(264, 0, false, 0, RELAY, 0, 0, "T"),
                r(297, 0, false, 1, TEMPORAL_LAYER_ABOVE_TARGET, 0, 0, "")));
        // Initially (target 2) every temporal layer passes and no change is reported.
        SimulcastLayerSelector fresh = new SimulcastLayerSelector();
        run(fresh, List.of(
                r(0, 2, true, 0, RELAY, 2, -1, "S"),
                r(33, 2, false, 1, RELAY, 2, -1, ""),
                r(66, 2, false, 2, RELAY, 2, 2, "T")));
    }

    @Test
    void resetWaitsForAKeyframeAgainAndOutOfRangeLayersAreNeverRelayed() {
        SimulcastLayerSelector s = new SimulcastLayerSelector();
        run(s, List.of(r(0, 2, true, 0, RELAY, 2, -1, "S")));
        s.reset();
        assertThat(s.substream()).isEqualTo(-1);
        run(s, List.of(
                r(10, 2, false, 0, WAITING_FOR_KEYFRAME, -1, -1, ""),
                r(11, 3, true, 0, OTHER_SUBSTREAM, -1, -1, ""),
                r(12, -1, true, 0, OTHER_SUBSTREAM, -1, -1, ""),
                r(13, 2, true, 0, RELAY, 2, -1, "S")));
        s.setTargets(7, -3, 0);
        assertThat(s.substreamTarget()).isEqualTo(2);
        assertThat(s.temporalTarget()).isZero();
    }
}
