package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A meeting's recordings on one timeline: who published what and when, and where each participant's
 * video goes in a grid. Pure: no files, no clock; {@link RoomPostProcessor} feeds it the streams.
 *
 * <p><b>Publish sessions.</b> Each publish (or restarted recording) creates new files, all at about the
 * same moment (the {@code <µs>} in their names differ by microseconds: Janus stamps each stream's
 * recorder separately). A session is a maximal group of one participant's streams whose media
 * overlap in time: streams are taken in order of start, and one that starts before everything so far
 * in the session has ended joins it (a camera added by renegotiation joins too), one that starts at or
 * after that end opens a new session (unpublish then publish again).
 *
 * <p><b>Which video.</b> Per session, the video of the lowest m-line index: Wildfire's dual stream
 * publishes the camera twice, big at mindex 1 and small at 2 (wildfire-protocol.md §2 item 8), and a
 * screen share publishes video only, at 0. Every recording of that mindex in the session is shown.
 *
 * <p><b>Grid.</b> Each session with video gets a tile slot for the time its video runs: the slot the
 * participant had before if it is free then, else the lowest free slot, else a new one. So the grid
 * has as many slots as there were videos at the same time, and a slot is reused when someone leaves.
 */
public final class MeetingTimeline {

    /**
     * One publish session of one participant.
     *
     * @param participant publisher id
     * @param number      1-based session number of that participant
     * @param streams     the session's streams, in order of start
     */
    public record Session(String participant, int number, List<StreamSpan> streams) {

        /** Freezes the list. */
        public Session {
            streams = List.copyOf(streams);
        }

        /** When the first stream's media starts. */
        public long startMicros() {
            return streams.stream().mapToLong(StreamSpan::startMicros).min().orElse(0);
        }

        /** When the last stream's media ends. */
        public long endMicros() {
            return streams.stream().mapToLong(StreamSpan::endMicros).max().orElse(0);
        }

        /** The audio streams. */
        public List<StreamSpan> audio() {
            return streams.stream().filter(s -> s.kind() == MjrMediaType.AUDIO).toList();
        }

        /** The video streams shown for this session: those of the lowest video mindex (empty if none). */
        public List<StreamSpan> shownVideo() {
            int lowest = streams.stream().filter(s -> s.kind() == MjrMediaType.VIDEO).mapToInt(StreamSpan::mindex)
                    .min().orElse(Integer.MIN_VALUE);
            return streams.stream().filter(s -> s.kind() == MjrMediaType.VIDEO && s.mindex() == lowest).toList();
        }
    }

    /**
     * A participant and their sessions.
     *
     * @param id       publisher id
     * @param sessions in order of start
     */
    public record Participant(String id, List<Session> sessions) {

        /** Freezes the list. */
        public Participant {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * Where one session's video is shown.
     *
     * @param slot        0-based grid slot
     * @param session     whose video
     * @param video       the recordings shown ({@link Session#shownVideo()})
     * @param startMicros when the video starts
     * @param endMicros   when it ends
     */
    public record Tile(int slot, Session session, List<StreamSpan> video, long startMicros, long endMicros) {

        /** Freezes the list. */
        public Tile {
            video = List.copyOf(video);
        }
    }

    private final List<Participant> participants;
    private final List<Tile> tiles;
    private final int slots;
    private final long startMicros;
    private final long endMicros;

    private MeetingTimeline(List<Participant> participants, List<Tile> tiles, int slots, long startMicros,
                            long endMicros) {
        this.participants = List.copyOf(participants);
        this.tiles = List.copyOf(tiles);
        this.slots = slots;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
    }

    /** Groups and places {@code streams} (any order; may be empty). */
    public static MeetingTimeline build(List<StreamSpan> streams) {
        List<StreamSpan> sorted = new ArrayList<>(streams);
        sorted.sort(Comparator.comparingLong(StreamSpan::startMicros).thenComparing(StreamSpan::participant)
                .thenComparing(s -> s.kind().ordinal()).thenComparingInt(StreamSpan::mindex));
        // Participants in order of first appearance.
        Map<String, List<StreamSpan>> byParticipant = new LinkedHashMap<>();
        for (StreamSpan s : sorted) {
            byParticipant.computeIfAbsent(s.participant(), k -> new ArrayList<>()).add(s);
        }
        List<Participant> participants = new ArrayList<>();
        List<Session> allSessions = new ArrayList<>();
        byParticipant.forEach((id, list) -> {
            List<Session> sessions = new ArrayList<>();
            List<StreamSpan> current = new ArrayList<>();
            long currentEnd = Long.MIN_VALUE;
            for (StreamSpan s : list) {
                if (!current.isEmpty() && s.startMicros() >= currentEnd) {
                    sessions.add(new Session(id, sessions.size() + 1, current));
                    current = new ArrayList<>();
                    currentEnd = Long.MIN_VALUE;
                }
                current.add(s);
                currentEnd = Math.max(currentEnd, s.endMicros());
            }
            if (!current.isEmpty()) {
                sessions.add(new Session(id, sessions.size() + 1, current));
            }
            participants.add(new Participant(id, sessions));
            allSessions.addAll(sessions);
        });

        List<Tile> tiles = placeTiles(allSessions);
        int slots = tiles.stream().mapToInt(t -> t.slot() + 1).max().orElse(0);
        long start = sorted.stream().mapToLong(StreamSpan::startMicros).min().orElse(0);
        long end = sorted.stream().mapToLong(StreamSpan::endMicros).max().orElse(start);
        return new MeetingTimeline(participants, tiles, slots, start, end);
    }

    private static List<Tile> placeTiles(List<Session> sessions) {
        List<Tile> wanted = new ArrayList<>();
        for (Session s : sessions) {
            List<StreamSpan> video = s.shownVideo();
            if (!video.isEmpty()) {
                long start = video.stream().mapToLong(StreamSpan::startMicros).min().orElseThrow();
                long end = video.stream().mapToLong(StreamSpan::endMicros).max().orElseThrow();
                wanted.add(new Tile(-1, s, video, start, end));
            }
        }
        wanted.sort(Comparator.comparingLong(Tile::startMicros).thenComparing(t -> t.session().participant()));
        List<Long> slotFreeAt = new ArrayList<>();
        Map<String, Integer> lastSlot = new HashMap<>();
        List<Tile> placed = new ArrayList<>();
        for (Tile t : wanted) {
            Integer previous = lastSlot.get(t.session().participant());
            int slot = -1;
            if (previous != null && slotFreeAt.get(previous) <= t.startMicros()) {
                slot = previous;
            } else {
                for (int i = 0; i < slotFreeAt.size(); i++) {
                    if (slotFreeAt.get(i) <= t.startMicros()) {
                        slot = i;
                        break;
                    }
                }
            }
            if (slot < 0) {
                slot = slotFreeAt.size();
                slotFreeAt.add(0L);
            }
            slotFreeAt.set(slot, t.endMicros());
            lastSlot.put(t.session().participant(), slot);
            placed.add(new Tile(slot, t.session(), t.video(), t.startMicros(), t.endMicros()));
        }
        return placed;
    }

    /** Participants in order of first appearance. */
    public List<Participant> participants() {
        return participants;
    }

    /** Every session, participant by participant. */
    public List<Session> sessions() {
        return participants.stream().flatMap(p -> p.sessions().stream()).toList();
    }

    /** Video tiles in order of start. */
    public List<Tile> tiles() {
        return tiles;
    }

    /** Grid slots needed: the most videos at the same time (0 without video). */
    public int slots() {
        return slots;
    }

    /** When the first media starts (µs since the epoch; 0 for an empty meeting). */
    public long startMicros() {
        return startMicros;
    }

    /** When the last media ends. */
    public long endMicros() {
        return endMicros;
    }

    /** The whole meeting's length in µs. */
    public long durationMicros() {
        return endMicros - startMicros;
    }
}
