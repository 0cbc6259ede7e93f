package io.github.wildfiresfu.recorder.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grouping into publish sessions, the choice of video and the grid placement, as a table. Streams are
 * written {@code who kind+mindex start-end} in seconds ({@code alice v1 0-10}: alice's video at mindex 1
 * from 0 to 10 s; {@code v} without a number is a 0.x name without mindex). Expected:
 * <ul>
 *   <li>sessions: {@code who#n[streams]}, in order of participant first appearance then start;</li>
 *   <li>tiles: {@code slot:who#n=streams shown}, in order of start.</li>
 * </ul>
 */
class MeetingTimelineTest {

    static Stream<Arguments> meetings() {
        return Stream.of(
                Arguments.of("Wildfire dual stream: the big video (mindex 1) is shown, not the small one (2)",
                        "alice a0 0-10, alice v1 0-10, alice v2 0-10",
                        "alice#1[a0,v1,v2]", "0:alice#1=v1", 1),
                Arguments.of("a screen share publishes video only, at mindex 0",
                        "screen v0 2-8, alice a0 0-10, alice v1 0-10",
                        "alice#1[a0,v1] screen#1[v0]", "0:alice#1=v1 1:screen#1=v0", 2),
                Arguments.of("Janus 0.x names have no mindex",
                        "alice a 0-5, alice v 0-5",
                        "alice#1[a,v]", "0:alice#1=v", 1),
                Arguments.of("unpublish and publish again: two sessions, the same tile slot",
                        "alice a0 0-4, alice v1 0-4, alice a0 6-9, alice v1 6-9",
                        "alice#1[a0,v1] alice#2[a0,v1]", "0:alice#1=v1 0:alice#2=v1", 1),
                Arguments.of("a camera added later by renegotiation joins the running session",
                        "alice a0 0-10, alice v1 5-10",
                        "alice#1[a0,v1]", "0:alice#1=v1", 1),
                Arguments.of("a recording that starts exactly when the previous ended is a new session",
                        "alice a0 0-5, alice a0 5-8",
                        "alice#1[a0] alice#2[a0]", "", 0),
                Arguments.of("audio only: no tile",
                        "alice a0 0-10, bob a0 1-3",
                        "alice#1[a0] bob#1[a0]", "", 0),
                Arguments.of("three at once need three slots; a late joiner takes the slot someone left",
                        "alice v1 0-10, bob v1 1-4, carol v1 2-10, dave v1 5-9",
                        "alice#1[v1] bob#1[v1] carol#1[v1] dave#1[v1]",
                        "0:alice#1=v1 1:bob#1=v1 2:carol#1=v1 1:dave#1=v1", 3),
                Arguments.of("coming back, a participant gets their old slot if it is free",
                        "alice v1 0-3, bob v1 0-10, alice v1 5-8",
                        "alice#1[v1] alice#2[v1] bob#1[v1]", "0:alice#1=v1 1:bob#1=v1 0:alice#2=v1", 2),
                Arguments.of("...and the lowest free slot when it is taken",
                        "alice v1 0-3, bob v1 0-10, carol v1 4-10, alice v1 5-8",
                        "alice#1[v1] alice#2[v1] bob#1[v1] carol#1[v1]",
                        "0:alice#1=v1 1:bob#1=v1 0:carol#1=v1 2:alice#2=v1", 3),
                Arguments.of("the restarted big video of one session is shown in the same tile",
                        "alice a0 0-10, alice v1 0-4, alice v1 4-10, alice v2 0-10",
                        "alice#1[a0,v1,v2,v1]", "0:alice#1=v1+v1", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("meetings")
    void groupsAndPlaces(String why, String streams, String sessions, String tiles, int slots) {
        MeetingTimeline t = MeetingTimeline.build(parse(streams));

        assertThat(t.sessions().stream().map(s -> s.participant() + "#" + s.number() + "["
                + s.streams().stream().map(MeetingTimelineTest::shortLabel).collect(Collectors.joining(",")) + "]")
                .collect(Collectors.joining(" "))).isEqualTo(sessions);
        assertThat(t.tiles().stream().map(tile -> tile.slot() + ":" + tile.session().participant() + "#"
                + tile.session().number() + "=" + tile.video().stream().map(MeetingTimelineTest::shortLabel)
                .collect(Collectors.joining("+"))).collect(Collectors.joining(" "))).isEqualTo(tiles);
        assertThat(t.slots()).isEqualTo(slots);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("meetings")
    void theMeetingSpansFromTheFirstMediaToTheLast(String why, String streams) {
        List<StreamSpan> spans = parse(streams);
        MeetingTimeline t = MeetingTimeline.build(spans);

        assertThat(t.startMicros()).isEqualTo(spans.stream().mapToLong(StreamSpan::startMicros).min().orElseThrow());
        assertThat(t.endMicros()).isEqualTo(spans.stream().mapToLong(StreamSpan::endMicros).max().orElseThrow());
        // Every stream is in exactly one session, and a tile never overlaps another in its slot.
        assertThat(t.sessions().stream().mapToInt(s -> s.streams().size()).sum()).isEqualTo(spans.size());
        for (MeetingTimeline.Tile a : t.tiles()) {
            for (MeetingTimeline.Tile b : t.tiles()) {
                if (a != b && a.slot() == b.slot()) {
                    assertThat(a.endMicros() <= b.startMicros() || b.endMicros() <= a.startMicros())
                            .as("%s and %s share slot %d at once", a, b, a.slot()).isTrue();
                }
            }
        }
    }

    private static String shortLabel(StreamSpan s) {
        return s.kind().word().charAt(0) + (s.mindex() >= 0 ? Integer.toString(s.mindex()) : "");
    }

    /** {@code who kind[mindex] start-end, ...} in seconds; the meeting starts at 1.7e15 µs. */
    static List<StreamSpan> parse(String table) {
        List<StreamSpan> out = new ArrayList<>();
        for (String item : table.split(",")) {
            String[] f = item.trim().split("\\s+");
            MjrMediaType kind = switch (f[1].charAt(0)) {
                case 'a' -> MjrMediaType.AUDIO;
                case 'v' -> MjrMediaType.VIDEO;
                default -> MjrMediaType.DATA;
            };
            int mindex = f[1].length() > 1 ? Integer.parseInt(f[1].substring(1)) : -1;
            String[] range = f[2].split("-");
            long t0 = 1_700_000_000_000_000L;
            long start = t0 + (long) (Double.parseDouble(range[0]) * 1e6);
            long end = t0 + (long) (Double.parseDouble(range[1]) * 1e6);
            out.add(new StreamSpan(f[0], kind, mindex, kind == MjrMediaType.AUDIO ? "opus" : "vp8", start - 50_000,
                    start, end, null));
        }
        return out;
    }
}
