package io.github.wildfiresfu.recorder.room;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.recorder.post.PostProcessor;
import io.github.wildfiresfu.recorder.post.UnsupportedConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline of a meeting as JSON (for programs) and as one self-contained HTML page (for people: an
 * inline SVG chart and an event list; no script, no external file). Times are seconds since the
 * meeting's first media, to the millisecond; {@code startMicros}/{@code start} anchor them to the wall
 * clock.
 *
 * <pre>
 * { "room", "start" (ISO-8601), "startMicros", "durationSeconds",
 *   "speech": { "thresholdDbov", "windowMs", "bridgeMs" },
 *   "participants": [ { "id", "audioLevelSource": "rfc6464-header-extension" | "decoded-energy" | "none",
 *       "sessions": [ { "number", "start", "end",
 *           "streams": [ { "kind", "mindex", "codec", "created", "start", "end", "file", "shown" } ] } ],
 *       "speaking": [ { "start", "end" } ], "speakingSeconds" } ],
 *   "events": [ { "time", "participant", "event": "published" | "unpublished" | "started speaking"
 *                 | "stopped speaking", "streams"? } ],
 *   "layout": { "width", "height", "columns", "rows", "tiles": [ { "slot", "participant", "session",
 *               "start", "end" } ] }   (only with a composite),
 *   "notes": [ ... ] }
 * </pre>
 */
public final class TimelineDocument {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String room;
    private final MeetingTimeline timeline;
    private final Map<String, RoomPostProcessor.Speech> speech;
    private final SpeechDetector detector;
    private final List<String> notes;
    private final CompositeCommand.Grid grid;

    /**
     * @param grid the composite's grid, or null when there is no composite
     */
    public TimelineDocument(String room, MeetingTimeline timeline, Map<String, RoomPostProcessor.Speech> speech,
                            SpeechDetector detector, List<String> notes, CompositeCommand.Grid grid) {
        this.room = room;
        this.timeline = timeline;
        this.speech = speech;
        this.detector = detector;
        this.notes = notes;
        this.grid = grid;
    }

    /** Checks that {@code file} names a timeline format: {@code .json}, {@code .html} or {@code .htm}. */
    public static String checkExtension(Path file) throws UnsupportedConversionException {
        String ext = PostProcessor.extensionOf(file);
        if (!ext.equals("json") && !ext.equals("html") && !ext.equals("htm")) {
            throw new UnsupportedConversionException(file + ": a timeline is .json or .html, not ." + ext);
        }
        return ext;
    }

    /** Writes the timeline as JSON or HTML, after the extension of {@code file} (atomically). */
    public void write(Path file) throws IOException {
        String text = checkExtension(file).equals("json") ? toJson() : toHtml();
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** One event of the list. */
    private record Event(long micros, String participant, String event, List<String> streams) {
    }

    private List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (MeetingTimeline.Participant p : timeline.participants()) {
            for (MeetingTimeline.Session s : p.sessions()) {
                List<String> streams = s.streams().stream().map(StreamSpan::label).toList();
                events.add(new Event(s.startMicros(), p.id(), "published", streams));
                events.add(new Event(s.endMicros(), p.id(), "unpublished", streams));
            }
            RoomPostProcessor.Speech sp = speech.get(p.id());
            if (sp != null) {
                for (SpeechDetector.Interval i : sp.intervals()) {
                    events.add(new Event(i.startMicros(), p.id(), "started speaking", null));
                    events.add(new Event(i.endMicros(), p.id(), "stopped speaking", null));
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::micros));
        return events;
    }

    private double t(long micros) {
        return Math.round((micros - timeline.startMicros()) / 1000.0) / 1000.0;
    }

    /** The JSON text. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("room", room);
        root.put("start", Instant.ofEpochSecond(0, timeline.startMicros() * 1000).toString());
        root.put("startMicros", timeline.startMicros());
        root.put("durationSeconds", t(timeline.endMicros()));
        ObjectNode rule = root.putObject("speech");
        rule.put("thresholdDbov", detector.thresholdDbov());
        rule.put("windowMs", SpeechDetector.WINDOW_MICROS / 1000);
        rule.put("bridgeMs", SpeechDetector.BRIDGE_MICROS / 1000);
        ArrayNode ps = root.putArray("participants");
        for (MeetingTimeline.Participant p : timeline.participants()) {
            ObjectNode pn = ps.addObject();
            pn.put("id", p.id());
            RoomPostProcessor.Speech sp = speech.get(p.id());
            pn.put("audioLevelSource", sp == null ? AudioLevels.Source.NONE.key() : sp.source().key());
            ArrayNode sessions = pn.putArray("sessions");
            for (MeetingTimeline.Session s : p.sessions()) {
                ObjectNode sn = sessions.addObject();
                sn.put("number", s.number());
                sn.put("start", t(s.startMicros()));
                sn.put("end", t(s.endMicros()));
                ArrayNode streams = sn.putArray("streams");
                List<StreamSpan> shown = s.shownVideo();
                for (StreamSpan st : s.streams()) {
                    ObjectNode stn = streams.addObject();
                    stn.put("kind", st.kind().word());
                    stn.put("mindex", st.mindex());
                    stn.put("codec", st.codec());
                    stn.put("created", t(st.createdMicros()));
                    stn.put("start", t(st.startMicros()));
                    stn.put("end", t(st.endMicros()));
                    stn.put("file", st.source() == null ? null : st.source().getFileName().toString());
                    stn.put("shown", shown.contains(st));
                }
            }
            ArrayNode speaking = pn.putArray("speaking");
            double total = 0;
            if (sp != null) {
                for (SpeechDetector.Interval i : sp.intervals()) {
                    ObjectNode in = speaking.addObject();
                    in.put("start", t(i.startMicros()));
                    in.put("end", t(i.endMicros()));
                    total += (i.endMicros() - i.startMicros()) / 1e6;
                }
            }
            pn.put("speakingSeconds", Math.round(total * 1000) / 1000.0);
        }
        ArrayNode events = root.putArray("events");
        for (Event e : events()) {
            ObjectNode en = events.addObject();
            en.put("time", t(e.micros()));
            en.put("participant", e.participant());
            en.put("event", e.event());
            if (e.streams() != null) {
                ArrayNode a = en.putArray("streams");
                e.streams().forEach(a::add);
            }
        }
        if (grid != null) {
            ObjectNode layout = root.putObject("layout");
            layout.put("width", grid.width());
            layout.put("height", grid.height());
            layout.put("columns", grid.columns());
            layout.put("rows", grid.rows());
            ArrayNode tiles = layout.putArray("tiles");
            for (MeetingTimeline.Tile tile : timeline.tiles()) {
                ObjectNode tn = tiles.addObject();
                tn.put("slot", tile.slot());
                tn.put("participant", tile.session().participant());
                tn.put("session", tile.session().number());
                tn.put("start", t(tile.startMicros()));
                tn.put("end", t(tile.endMicros()));
            }
        }
        ArrayNode ns = root.putArray("notes");
        notes.forEach(ns::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the timeline JSON", e);
        }
    }

    // ---- HTML ----

    private static final int LABEL = 170;
    private static final int PLOT = 900;
    private static final int ROW = 46;

    /** The HTML page. */
    public String toHtml() {
        double duration = Math.max(0.001, (timeline.endMicros() - timeline.startMicros()) / 1e6);
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Room ")
                .append(esc(room)).append(" timeline</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}")
                .append("h1{font-size:20px;margin:0 0 4px}p.meta{color:#555;margin:0 0 16px}")
                .append("svg{border:1px solid #ddd;background:#fff}.name{font-weight:600}")
                .append("table{border-collapse:collapse;margin-top:16px}td,th{padding:2px 10px;text-align:left}")
                .append("tr:nth-child(even){background:#f4f4f4}.legend span{display:inline-block;width:14px;")
                .append("height:10px;margin:0 4px 0 14px;vertical-align:middle}\n</style></head><body>\n");
        h.append("<h1>Room ").append(esc(room)).append("</h1>\n<p class=\"meta\">")
                .append(esc(Instant.ofEpochSecond(0, timeline.startMicros() * 1000).toString())).append(" · ")
                .append(clock(duration)).append(" · ").append(timeline.participants().size())
                .append(" participant(s) · speech at ≥ -").append(detector.thresholdDbov()).append(" dBov</p>\n");
        h.append("<p class=\"legend\"><span style=\"background:#9ecae1\"></span>audio published")
                .append("<span style=\"background:#a1d99b\"></span>video published")
                .append("<span style=\"background:#e6550d\"></span>speaking</p>\n");
        int height = 30 + ROW * Math.max(1, timeline.participants().size());
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL + PLOT + 20)
                .append("\" height=\"").append(height).append("\" role=\"img\">\n");
        double step = tickStep(duration);
        for (double s = 0; s <= duration + 1e-9; s += step) {
            double x = LABEL + s / duration * PLOT;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"13\" font-size=\"11\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n",
                    x, x, height, x, clock(s)));
        }
        int row = 0;
        for (MeetingTimeline.Participant p : timeline.participants()) {
            int y = 24 + row * ROW;
            h.append("<text class=\"name\" x=\"6\" y=\"").append(y + 22).append("\">").append(esc(p.id()))
                    .append("</text>\n");
            for (MeetingTimeline.Session s : p.sessions()) {
                for (StreamSpan st : s.streams()) {
                    boolean audio = st.kind().word().equals("audio");
                    if (!audio && !s.shownVideo().contains(st)) {
                        continue;
                    }
                    bar(h, st.startMicros(), st.endMicros(), duration, y + (audio ? 2 : 14), 10,
                            audio ? "#9ecae1" : "#a1d99b",
                            p.id() + " " + st.label() + " (" + st.codec() + ") " + range(st.startMicros(), st.endMicros()));
                }
            }
            RoomPostProcessor.Speech sp = speech.get(p.id());
            if (sp != null) {
                for (SpeechDetector.Interval i : sp.intervals()) {
                    bar(h, i.startMicros(), i.endMicros(), duration, y + 26, 10, "#e6550d",
                            p.id() + " speaking " + range(i.startMicros(), i.endMicros()));
                }
            }
            row++;
        }
        h.append("</svg>\n<table><tr><th>time</th><th>participant</th><th>event</th><th>streams</th></tr>\n");
        for (Event e : events()) {
            h.append("<tr><td>").append(clock(t(e.micros()))).append("</td><td>").append(esc(e.participant()))
                    .append("</td><td>").append(esc(e.event())).append("</td><td>")
                    .append(e.streams() == null ? "" : esc(String.join(", ", e.streams()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!notes.isEmpty()) {
            h.append("<h2 style=\"font-size:16px\">Notes</h2><ul>\n");
            notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private void bar(StringBuilder h, long start, long end, double duration, int y, int height, String color,
                     String title) {
        double x = LABEL + t(start) / duration * PLOT;
        double w = Math.max(1.5, (end - start) / 1e6 / duration * PLOT);
        h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                + "<title>%s</title></rect>\n", x, y, w, height, color, esc(title)));
    }

    private String range(long start, long end) {
        return clock(t(start)) + "–" + clock(t(end));
    }

    /** A tick step giving at most about 12 ticks. */
    static double tickStep(double durationSeconds) {
        for (double s : new double[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200}) {
            if (durationSeconds / s <= 12) {
                return s;
            }
        }
        return 14400;
    }

    /** {@code m:ss.s} under an hour, {@code h:mm:ss} above. */
    static String clock(double seconds) {
        if (seconds >= 3600) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        long tenths = Math.round(seconds * 10);
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
