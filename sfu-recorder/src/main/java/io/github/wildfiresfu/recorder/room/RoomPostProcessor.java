package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.RecordingFileNames;
import io.github.wildfiresfu.recorder.mjr.MjrFormatException;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import io.github.wildfiresfu.recorder.post.ConversionReport;
import io.github.wildfiresfu.recorder.post.PostProcessor;
import io.github.wildfiresfu.recorder.post.ProgressListener;
import io.github.wildfiresfu.recorder.post.Recording;
import io.github.wildfiresfu.recorder.post.UnsupportedConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code room}: one file for a whole meeting from a recordings folder, and a timeline of who published
 * and spoke when.
 * <ol>
 *   <li><b>Find</b> the room's recordings by name ({@link RoomFileName}), plus those published under a
 *       {@code filename} the caller names ({@link Options#named()}).</li>
 *   <li><b>Place</b> each on the wall clock from its MJR timing ({@link Recording#startMicros()}: the
 *       header's first-write time {@code u} carried to the first packet in playback order; the media's
 *       RTP duration after it) and group them into participants, publish sessions and grid tiles
 *       ({@link MeetingTimeline}).</li>
 *   <li><b>Convert</b> every audio stream and every shown video with our post-processor
 *       ({@link PostProcessor#convert}), which gives each output's exact start.</li>
 *   <li><b>Listen</b>: speech from RFC 6464 levels or decoded energy ({@link AudioLevels},
 *       {@link SpeechDetector}).</li>
 *   <li><b>Write</b> the timeline (JSON, HTML) and <b>render</b> the composite with ffmpeg
 *       ({@link CompositeCommand}): written to {@code <out>.part} and renamed when complete.</li>
 * </ol>
 * One bad recording does not stop the meeting: it is left out with a note.
 */
public final class RoomPostProcessor {

    /**
     * A recording set published with a {@code filename}, named {@code <base>-<audio|video|data>-<mindex>.mjr}.
     *
     * @param base        the publisher's {@code filename}
     * @param participant who to show it as
     */
    public record Named(String base, String participant) {
    }

    /**
     * What to do.
     *
     * @param recordingsDir  the room's {@code rec_dir}
     * @param room           room id
     * @param output         the composite ({@code .webm}, {@code .mkv}, {@code .mp4}), or null for none
     * @param timelines      timeline files to write ({@code .json} or {@code .html}); may be empty
     * @param partsDir       where the per-stream conversions go and stay; null: a temporary folder
     *                       next to the output (or the first timeline), deleted at the end
     * @param named          recording sets published with a {@code filename}
     * @param width          canvas width
     * @param height         canvas height
     * @param fps            composite frame rate
     * @param speechThreshold speech threshold in -dBov ({@link SpeechDetector})
     * @param ffmpeg         ffmpeg, or null when there is none (then no output can be asked for)
     */
    public record Options(Path recordingsDir, String room, Path output, List<Path> timelines, Path partsDir,
                          List<Named> named, int width, int height, int fps, int speechThreshold, Ffmpeg ffmpeg) {

        /** Checks and freezes. */
        public Options {
            Objects.requireNonNull(recordingsDir, "recordingsDir");
            Objects.requireNonNull(room, "room");
            timelines = List.copyOf(timelines);
            named = List.copyOf(named);
            if (output == null && timelines.isEmpty()) {
                throw new IllegalArgumentException("room needs an output file, a timeline file, or both");
            }
            if (output != null && ffmpeg == null) {
                throw new IllegalArgumentException("rendering a composite needs ffmpeg");
            }
            if (width < 16 || height < 16 || width > 7680 || height > 4320) {
                throw new IllegalArgumentException("canvas size must be 16x16 .. 7680x4320, got " + width + "x" + height);
            }
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("frame rate must be 1..60, got " + fps);
            }
        }
    }

    /**
     * What a run produced.
     *
     * @param timeline        the meeting
     * @param speech          per participant id: speech intervals and where the levels came from
     * @param output          the composite written, or null
     * @param timelines       the timeline files written
     * @param notes           what a user should know (recordings left out and why, sources used)
     * @param mediaSeconds    seconds of recorded media read (sum over the recordings used)
     */
    public record Report(MeetingTimeline timeline, Map<String, Speech> speech, Path output, List<Path> timelines,
                         List<String> notes, double mediaSeconds) {
    }

    /**
     * One participant's speech.
     *
     * @param intervals when they spoke
     * @param source    where the levels came from (the best of their recordings' sources)
     */
    public record Speech(List<SpeechDetector.Interval> intervals, AudioLevels.Source source) {
    }

    /** A recording found for the room, and its place once known. */
    private record Found(Path file, RoomFileName name, MjrHeader header) {
    }

    private RoomPostProcessor() {
    }

    /**
     * Runs {@code room}.
     *
     * @throws IOException when the folder cannot be read, no recording of the room is usable, or
     *                     ffmpeg or a write fails
     */
    public static Report run(Options o, ProgressListener progress) throws IOException {
        // Refuse what cannot be written before any work.
        if (o.output() != null) {
            CompositeCommand.formatOf(PostProcessor.extensionOf(o.output()));
        }
        for (Path t : o.timelines()) {
            TimelineDocument.checkExtension(t);
        }
        List<String> notes = new ArrayList<>();
        List<Found> found = find(o, notes);

        // Place every recording from its own timing.
        List<StreamSpan> spans = new ArrayList<>();
        Map<StreamSpan, Found> origin = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            progress.onStep((i + 1) + "/" + found.size() + " " + f.name().participant() + " " + f.name().kind().word()
                    + (f.name().mindex() >= 0 ? "-" + f.name().mindex() : ""));
            StreamSpan s = place(f, notes, progress);
            if (s != null) {
                spans.add(s);
                origin.put(s, f);
            }
        }
        if (spans.isEmpty()) {
            throw new MjrFormatException("no usable recording of room " + o.room() + " in " + o.recordingsDir()
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        MeetingTimeline first = MeetingTimeline.build(spans);

        boolean composite = o.output() != null;
        Path parts = o.partsDir();
        boolean temporaryParts = parts == null;
        Thread cleanupOnExit = null;
        if (temporaryParts) {
            Path beside = (composite ? o.output() : o.timelines().get(0)).toAbsolutePath().getParent();
            parts = Files.createTempDirectory(beside, ".room-parts-");
            // Ctrl-C or SIGTERM during a long run must not leave the conversions behind.
            Path doomed = parts;
            Path part = composite ? partOf(o.output()) : null;
            cleanupOnExit = new Thread(() -> {
                deleteTree(doomed);
                if (part != null) {
                    try {
                        Files.deleteIfExists(part);
                    } catch (IOException ignored) {
                        // Best effort at exit.
                    }
                }
            }, "room-cleanup-on-exit");
            Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        } else {
            Files.createDirectories(parts);
        }
        try {
            // What needs converting: shown videos for the composite; audio for the mix, and for levels when
            // the packets carry none and ffmpeg can measure the decoded audio.
            List<StreamSpan> toConvert = new ArrayList<>();
            // Audio is kept in step with the video shown for its session (AudioSkew), as merge does.
            Map<StreamSpan, Path> clockReference = new HashMap<>();
            for (MeetingTimeline.Session session : first.sessions()) {
                List<StreamSpan> shownVideo = session.shownVideo();
                for (StreamSpan s : session.streams()) {
                    if (s.kind() == MjrMediaType.AUDIO && !shownVideo.isEmpty()) {
                        clockReference.put(s, longestOverlap(s, shownVideo).source());
                    }
                    boolean shown = session.shownVideo().contains(s);
                    boolean audio = s.kind() == MjrMediaType.AUDIO;
                    boolean needsLevels = audio && AudioLevels.extensionId(origin.get(s).header()) < 0
                            && o.ffmpeg() != null;
                    if ((composite && (shown || audio)) || needsLevels) {
                        toConvert.add(s);
                    }
                }
            }
            Map<StreamSpan, Path> converted = new LinkedHashMap<>();
            List<StreamSpan> exact = new ArrayList<>(spans);
            for (int i = 0; i < toConvert.size(); i++) {
                StreamSpan s = toConvert.get(i);
                progress.onStep((i + 1) + "/" + toConvert.size() + " " + s.participant() + " " + s.label());
                String ext = extensionFor(s);
                if (ext == null) {
                    notes.add("left " + s.source().getFileName() + " out: cannot convert " + s.codec() + " yet");
                    continue;
                }
                Path out = parts.resolve(partName(s, ext));
                try {
                    ConversionReport r = PostProcessor.convert(s.source(), out, clockReference.get(s), progress);
                    StreamSpan placed = r.startMicros() > 0
                            ? s.withTimes(r.startMicros(), r.startMicros() + Math.round(r.durationSeconds() * 1e6)) : s;
                    exact.set(exact.indexOf(s), placed);
                    origin.put(placed, origin.get(s));
                    converted.put(placed, out);
                } catch (IOException e) {
                    notes.add("left " + s.source().getFileName() + " out: " + e.getMessage());
                    exact.remove(s);
                }
            }
            MeetingTimeline timeline = MeetingTimeline.build(exact);

            Map<String, Speech> speech = new LinkedHashMap<>();
            SpeechDetector detector = new SpeechDetector(o.speechThreshold());
            for (MeetingTimeline.Participant p : timeline.participants()) {
                progress.onStep("levels of " + p.id());
                speech.put(p.id(), listen(p, origin, converted, o.ffmpeg(), detector, notes));
            }

            List<Path> written = new ArrayList<>();
            TimelineDocument doc = new TimelineDocument(o.room(), timeline, speech, detector, notes,
                    composite ? CompositeCommand.Grid.of(Math.max(1, timeline.slots()), o.width(), o.height()) : null);
            for (Path t : o.timelines()) {
                doc.write(t);
                written.add(t);
            }
            if (composite) {
                render(o, timeline, converted, parts, progress, notes);
            }
            double media = timeline.sessions().stream().flatMap(s -> s.streams().stream())
                    .mapToDouble(s -> (s.endMicros() - s.startMicros()) / 1e6).sum();
            return new Report(timeline, speech, o.output(), written, notes, media);
        } finally {
            if (temporaryParts) {
                deleteTree(parts);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs anyway.
                }
            }
        }
    }

    private static Path partOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".part");
    }

    /** The room's recordings in the folder, by name; notes what was passed over. */
    private static List<Found> find(Options o, List<String> notes) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(o.recordingsDir())) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot read recordings folder " + o.recordingsDir() + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Found> found = new ArrayList<>();
        SortedSet<String> unattributed = new TreeSet<>();
        String unfinishedPrefix = "videoroom-" + RecordingFileNames.safe(o.room()) + "-user-";
        for (Path p : files) {
            String n = p.getFileName().toString();
            RoomFileName name = RoomFileName.parse(n, o.room());
            for (Named named : o.named()) {
                if (name == null) {
                    name = RoomFileName.parseNamed(n, named.base(), named.participant());
                }
            }
            if (name == null) {
                if (n.startsWith(unfinishedPrefix) && n.contains(".mjr.")) {
                    notes.add(n + " is still being written, or was left by a crash: rename it to .mjr to include it");
                } else if (n.endsWith(".mjr") && !RoomFileName.isVideoRoomName(n)) {
                    unattributed.add(n.replaceFirst("-(audio|video|data)(-\\d+)?\\.mjr$", ""));
                }
                continue;
            }
            try (MjrReader r = MjrReader.open(p, MjrReader.Mode.SALVAGE)) {
                found.add(new Found(p, name, r.header()));
            } catch (IOException e) {
                notes.add("left " + n + " out: " + e.getMessage());
            }
        }
        if (!unattributed.isEmpty()) {
            List<String> bases = new ArrayList<>(unattributed);
            notes.add(bases.size() + " recording set(s) in " + o.recordingsDir() + " are named after a publisher's"
                    + " \"filename\", not a room (" + String.join(", ", bases.subList(0, Math.min(5, bases.size())))
                    + (bases.size() > 5 ? ", ..." : "") + "): add those of this meeting with --named BASE[=NAME]");
        }
        if (found.isEmpty()) {
            throw new MjrFormatException("no recordings of room " + o.room() + " in " + o.recordingsDir()
                    + " (looked for videoroom-" + RecordingFileNames.safe(o.room()) + "-user-*.mjr"
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)) + ")");
        }
        return found;
    }

    /** A recording's span from its own timing, or null (with a note) when it cannot be placed. */
    private static StreamSpan place(Found f, List<String> notes, ProgressListener progress) {
        MjrHeader h = f.header();
        String n = f.file().getFileName().toString();
        if (h.type() != f.name().kind()) {
            notes.add(n + ": the name says " + f.name().kind().word() + " but the header says " + h.type().word()
                    + "; the header wins");
        }
        long created = h.createdMicros() > 0 ? h.createdMicros() : f.name().micros();
        try {
            long start;
            long end;
            if (h.type() == MjrMediaType.DATA) {
                long[] times = dataTimes(f.file());
                if (times == null) {
                    notes.add("left " + n + " out: no data messages");
                    return null;
                }
                start = times[0];
                end = times[1];
            } else {
                try (Recording rec = Recording.open(f.file(), progress)) {
                    if (rec.ordered().packets().isEmpty()) {
                        notes.add("left " + n + " out: no usable RTP packets");
                        return null;
                    }
                    start = rec.startMicros();
                    if (start < 0) {
                        if (created <= 0) {
                            notes.add("left " + n + " out: it has no timing (legacy format, no time in the name)");
                            return null;
                        }
                        notes.add(n + " has no first-write time: placed at its creation time from the name");
                        start = created;
                    }
                    end = start + Math.round(rec.ordered().durationSeconds() * 1e6);
                    if (rec.problem() != null) {
                        notes.add(n + " is damaged; used everything before it: " + rec.problem());
                    }
                }
            }
            return new StreamSpan(f.name().participant(), h.type(), f.name().mindex(), h.codec().toLowerCase(Locale.ROOT),
                    created, start, end, f.file());
        } catch (IOException | RuntimeException e) {
            notes.add("left " + n + " out: " + e.getMessage());
            return null;
        }
    }

    /** First and last real time of a data recording's messages, or null if it has none. */
    private static long[] dataTimes(Path file) throws IOException {
        long first = -1;
        long last = -1;
        try (MjrReader r = MjrReader.open(file, MjrReader.Mode.SALVAGE)) {
            for (MjrRecord rec = r.next(); rec != null; rec = r.next()) {
                if (first < 0) {
                    first = rec.realTimeMicros();
                }
                last = Math.max(last, rec.realTimeMicros());
            }
        }
        return first < 0 ? null : new long[] {first, Math.max(first, last)};
    }

    /** The one of {@code candidates} whose media overlaps {@code s} the longest. */
    private static StreamSpan longestOverlap(StreamSpan s, List<StreamSpan> candidates) {
        StreamSpan best = candidates.get(0);
        long bestOverlap = Long.MIN_VALUE;
        for (StreamSpan c : candidates) {
            long overlap = Math.min(s.endMicros(), c.endMicros()) - Math.max(s.startMicros(), c.startMicros());
            if (overlap > bestOverlap) {
                best = c;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /** The container our post-processor writes for a stream, or null if it cannot convert it. */
    private static String extensionFor(StreamSpan s) {
        return switch (s.codec()) {
            case "opus" -> s.kind() == MjrMediaType.AUDIO ? "opus" : null;
            case "vp8" -> "webm";
            case "h264" -> "mp4";
            default -> null;
        };
    }

    private static String partName(StreamSpan s, String ext) {
        String who = RecordingFileNames.safe(s.participant()).replaceAll("[^A-Za-z0-9._-]", "_");
        return who + "-" + s.startMicros() + "-" + s.label() + "." + ext;
    }

    private static Speech listen(MeetingTimeline.Participant p, Map<StreamSpan, Found> origin,
                                 Map<StreamSpan, Path> converted, Ffmpeg ffmpeg, SpeechDetector detector,
                                 List<String> notes) {
        List<SpeechDetector.Level> levels = new ArrayList<>();
        AudioLevels.Source source = AudioLevels.Source.NONE;
        for (MeetingTimeline.Session session : p.sessions()) {
            for (StreamSpan s : session.audio()) {
                int ext = AudioLevels.extensionId(origin.get(s).header());
                try {
                    if (ext >= 0) {
                        levels.addAll(AudioLevels.fromHeaderExtension(s.source(), ext));
                        source = AudioLevels.Source.RTP_HEADER_EXTENSION;
                    } else if (ffmpeg != null && converted.containsKey(s)) {
                        levels.addAll(AudioLevels.fromDecodedEnergy(ffmpeg, converted.get(s), s.startMicros()));
                        if (source == AudioLevels.Source.NONE) {
                            source = AudioLevels.Source.DECODED_ENERGY;
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    notes.add("no audio levels for " + s.source().getFileName() + ": " + e.getMessage());
                }
            }
        }
        if (source == AudioLevels.Source.NONE && p.sessions().stream().anyMatch(s -> !s.audio().isEmpty())) {
            notes.add(p.id() + ": no audio levels (no audio-level extension in the recordings, and no ffmpeg to"
                    + " measure the decoded audio)");
        }
        return new Speech(detector.speaking(levels), source);
    }

    private static void render(Options o, MeetingTimeline timeline, Map<StreamSpan, Path> converted, Path parts,
                               ProgressListener progress, List<String> notes) throws IOException {
        String format = CompositeCommand.formatOf(PostProcessor.extensionOf(o.output()));
        Path font = o.ffmpeg().hasFilter("drawtext") ? fontFile() : null;
        if (font == null) {
            notes.add("names are not drawn on the tiles: no drawtext filter in ffmpeg or no DejaVu/Liberation font");
        }
        List<CompositeCommand.VideoInput> videos = new ArrayList<>();
        int labels = 0;
        for (MeetingTimeline.Tile t : timeline.tiles()) {
            for (StreamSpan s : t.video()) {
                Path file = converted.get(s);
                if (file == null) {
                    continue;
                }
                Path label = null;
                if (font != null) {
                    label = parts.resolve("label-" + labels++ + ".txt");
                    Files.writeString(label, s.participant(), StandardCharsets.UTF_8);
                }
                videos.add(new CompositeCommand.VideoInput(file, (s.startMicros() - timeline.startMicros()) / 1e6,
                        (s.endMicros() - timeline.startMicros()) / 1e6, t.slot(), label));
            }
        }
        List<CompositeCommand.AudioInput> audios = new ArrayList<>();
        for (MeetingTimeline.Session session : timeline.sessions()) {
            for (StreamSpan s : session.audio()) {
                Path file = converted.get(s);
                if (file != null) {
                    audios.add(new CompositeCommand.AudioInput(file, (s.startMicros() - timeline.startMicros()) / 1e6));
                }
            }
        }
        CompositeCommand.Grid grid = videos.isEmpty() ? null
                : CompositeCommand.Grid.of(Math.max(1, timeline.slots()), o.width(), o.height());
        Path out = o.output();
        Path part = partOf(out);
        List<String> args = CompositeCommand.build(videos, audios, grid, o.fps(), font,
                timeline.durationMicros() / 1e6, part, format);
        progress.onStep(out.getFileName().toString());
        boolean done = false;
        try {
            o.ffmpeg().render(args, timeline.durationMicros(), progress);
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** A font for the names: DejaVu Sans or Liberation Sans where Debian, Fedora and Arch put them. */
    private static Path fontFile() {
        for (String f : List.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/TTF/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")) {
            Path p = Path.of(f);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort: a leftover temporary folder is harmless and named as such.
        }
    }
}
