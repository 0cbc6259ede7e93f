package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import io.github.wildfiresfu.recorder.room.Ffmpeg;
import io.github.wildfiresfu.recorder.room.MeetingTimeline;
import io.github.wildfiresfu.recorder.room.RoomPostProcessor;
import io.github.wildfiresfu.recorder.room.SpeechDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Command line of the post-processor, in the manner of {@code janus-pp-rec}:
 * <pre>
 * java -jar wildfire-sfu-recorder.jar [--header|--json|--parse] IN.mjr [OUT.opus|.ogg|.webm|.mp4]
 * java -jar wildfire-sfu-recorder.jar merge AUDIO.mjr VIDEO.mjr OUT.webm
 * java -jar wildfire-sfu-recorder.jar room [OPTIONS] RECORDINGS_DIR ROOM_ID [OUT.webm|.mkv|.mp4]
 * </pre>
 * Exit status 0 on success, 1 when the input cannot be read or converted (or ffmpeg, which only
 * {@code room} needs, is missing or fails), 2 on a usage error. Results go to standard output, warnings
 * and the progress bar (only when standard error is a terminal) to standard error.
 */
public final class PostProcessorCli {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final Map<String, String> env;

    /**
     * @param terminal whether {@code err} is a terminal, so a progress bar is drawn there
     */
    public PostProcessorCli(PrintStream out, PrintStream err, boolean terminal) {
        this(out, err, terminal, System.getenv());
    }

    /**
     * @param terminal whether {@code err} is a terminal, so a progress bar is drawn there
     * @param env      the environment ({@code PATH} is where {@code room} looks for ffmpeg)
     */
    public PostProcessorCli(PrintStream out, PrintStream err, boolean terminal, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.env = Map.copyOf(env);
    }

    /** Entry point of the jar; the only place that touches the process's streams and exit status. */
    public static void main(String[] args) {
        int status = new PostProcessorCli(System.out, System.err, stderrIsTerminal()).run(args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Whether standard error is a terminal: on Linux, where {@code /proc/self/fd/2} points ({@code /dev/pts/N}
     * or {@code /dev/ttyN}; a file or a pipe otherwise), so {@code 2>log} or a pipe gets no progress bar
     * even when standard output is a terminal. Elsewhere, {@link System#console()} (standard input and
     * output are a terminal).
     */
    static boolean stderrIsTerminal() {
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Fall through to the portable answer.
        }
        return System.console() != null;
    }

    /** Runs one command; returns the exit status. Never throws. */
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("room")) {
            return room(List.of(args).subList(1, args.length));
        }
        List<String> files = new ArrayList<>();
        String mode = null;
        for (String a : args) {
            switch (a) {
                case "-h", "--help" -> {
                    usage(out);
                    return 0;
                }
                case "-H", "--header", "-j", "--json", "-p", "--parse" -> {
                    if (mode != null) {
                        err.println("error: use only one of --header, --json, --parse");
                        return 2;
                    }
                    mode = a.startsWith("--") ? a.substring(2) : switch (a) {
                        case "-H" -> "header";
                        case "-j" -> "json";
                        default -> "parse";
                    };
                }
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        err.println("error: unknown option " + a);
                        usage(err);
                        return 2;
                    }
                    files.add(a);
                }
            }
        }
        try {
            if (!files.isEmpty() && files.get(0).equals("merge")) {
                if (mode != null || files.size() != 4) {
                    err.println("usage: merge AUDIO.mjr VIDEO.mjr OUT.webm");
                    return 2;
                }
                return report(PostProcessor.merge(Path.of(files.get(1)), Path.of(files.get(2)), Path.of(files.get(3)),
                        progressBar()));
            }
            if (mode != null) {
                if (files.size() != 1) {
                    err.println("error: --" + mode + " takes exactly one input file");
                    return 2;
                }
                Path in = Path.of(files.get(0));
                return switch (mode) {
                    case "header" -> header(in);
                    case "json" -> json(in);
                    default -> parse(in);
                };
            }
            if (files.size() != 2) {
                usage(err);
                return 2;
            }
            return report(PostProcessor.convert(Path.of(files.get(0)), Path.of(files.get(1)), progressBar()));
        } catch (IOException e) {
            endProgress();
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // A bug, not bad input: say so instead of dying with a bare stack trace.
            endProgress();
            err.println("error: internal failure (" + e + "); please report it with the input file");
            return 1;
        }
    }

    private static void usage(PrintStream s) {
        s.println("Usage: java -jar wildfire-sfu-recorder.jar [OPTION] IN.mjr [OUT.opus|OUT.ogg|OUT.webm|OUT.mp4]");
        s.println("       java -jar wildfire-sfu-recorder.jar merge AUDIO.mjr VIDEO.mjr OUT.webm");
        s.println("       java -jar wildfire-sfu-recorder.jar room [OPTIONS] RECORDINGS_DIR ROOM_ID [OUT.webm|.mkv|.mp4]");
        s.println("Converts Janus/Wildfire MJR recordings: Opus to .opus/.ogg/.webm, VP8 to .webm, H.264 to .mp4;");
        s.println("merge muxes one participant's Opus and VP8 recordings into one WebM, in sync;");
        s.println("room renders a whole meeting (every participant, one timeline) with ffmpeg: see room --help.");
        s.println("  -H, --header   only print the recording's header");
        s.println("  -j, --json     only print the JSON info header");
        s.println("  -p, --parse    only parse and order the packets, and print them");
        s.println("  -h, --help     this text");
    }

    private static void roomUsage(PrintStream s) {
        s.println("Usage: java -jar wildfire-sfu-recorder.jar room [OPTIONS] RECORDINGS_DIR ROOM_ID [OUT.webm|.mkv|.mp4]");
        s.println("Finds every recording of room ROOM_ID in RECORDINGS_DIR (videoroom-<room>-user-<id>-<us>-<kind>-<mindex>.mjr),");
        s.println("places them on one timeline from their MJR timing, and renders one file of the whole meeting with");
        s.println("ffmpeg: all audio mixed, each participant's video (the big one of a dual stream) in a grid tile while");
        s.println("they publish. OUT.webm/.mkv: VP8 + Opus; OUT.mp4: H.264 + AAC. Needs ffmpeg for OUT.");
        s.println("  --timeline FILE.json|FILE.html  also write who published and spoke when (repeatable); without OUT,");
        s.println("                                  only the timeline is made (ffmpeg then only measures loudness)");
        s.println("  --named BASE[=NAME]   also use recordings published with \"filename\": BASE (BASE-audio-0.mjr ...),");
        s.println("                        shown as NAME (default BASE); repeatable");
        s.println("  --parts DIR           keep the per-stream conversions in DIR (default: a temporary folder)");
        s.println("  --size WxH            canvas size (default 1280x720)");
        s.println("  --fps N               frame rate (default 30)");
        s.println("  --speech-threshold N  a 100 ms window at -N dBov or louder is speech (default "
                + SpeechDetector.DEFAULT_THRESHOLD_DBOV + ")");
        s.println("  --ffmpeg PATH         the ffmpeg to use (default: the one on the PATH)");
    }

    private int room(List<String> args) {
        List<String> positional = new ArrayList<>();
        List<Path> timelines = new ArrayList<>();
        List<RoomPostProcessor.Named> named = new ArrayList<>();
        Path parts = null;
        int width = 1280;
        int height = 720;
        int fps = 30;
        int threshold = SpeechDetector.DEFAULT_THRESHOLD_DBOV;
        String ffmpegPath = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "-h", "--help" -> {
                        roomUsage(out);
                        return 0;
                    }
                    case "--timeline" -> timelines.add(Path.of(value(args, ++i, a)));
                    case "--parts" -> parts = Path.of(value(args, ++i, a));
                    case "--ffmpeg" -> ffmpegPath = value(args, ++i, a);
                    case "--named" -> {
                        String v = value(args, ++i, a);
                        int eq = v.indexOf('=');
                        named.add(eq < 0 ? new RoomPostProcessor.Named(v, v)
                                : new RoomPostProcessor.Named(v.substring(0, eq), v.substring(eq + 1)));
                    }
                    case "--size" -> {
                        String v = value(args, ++i, a);
                        String[] wh = v.toLowerCase(Locale.ROOT).split("x");
                        if (wh.length != 2) {
                            throw new IllegalArgumentException("--size wants WxH, e.g. 1280x720, got " + v);
                        }
                        width = Integer.parseInt(wh[0]);
                        height = Integer.parseInt(wh[1]);
                    }
                    case "--fps" -> fps = Integer.parseInt(value(args, ++i, a));
                    case "--speech-threshold" -> threshold = Integer.parseInt(value(args, ++i, a));
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) {
                            throw new IllegalArgumentException("unknown option " + a + " for room");
                        }
                        positional.add(a);
                    }
                }
            }
            if (positional.size() < 2 || positional.size() > 3 || (positional.size() == 2 && timelines.isEmpty())) {
                throw new IllegalArgumentException("room wants RECORDINGS_DIR ROOM_ID and OUT.webm, --timeline FILE, or both");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            roomUsage(err);
            return 2;
        }
        Path output = positional.size() == 3 ? Path.of(positional.get(2)) : null;
        Optional<Ffmpeg> ffmpeg = Ffmpeg.locate(ffmpegPath, env.get("PATH"));
        if (output != null && ffmpeg.isEmpty()) {
            err.println("error: room needs ffmpeg to render " + output + (ffmpegPath != null
                    ? ", and " + ffmpegPath + " is not an executable file"
                    : ", and there is none on the PATH (install it, e.g. apt-get install ffmpeg, or give --ffmpeg PATH;"
                    + " --timeline alone works without it)"));
            return 1;
        }
        RoomPostProcessor.Report r;
        try {
            r = RoomPostProcessor.run(new RoomPostProcessor.Options(Path.of(positional.get(0)), positional.get(1),
                    output, timelines, parts, named, width, height, fps, threshold, ffmpeg.orElse(null)), progressBar());
        } catch (IllegalArgumentException e) {
            endProgress();
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            endProgress();
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            endProgress();
            err.println("error: internal failure (" + e + "); please report it with the recordings");
            return 1;
        }
        endProgress();
        for (String note : r.notes()) {
            err.println("note: " + note);
        }
        MeetingTimeline t = r.timeline();
        out.printf(Locale.ROOT, "room %s: %d participant(s), %d publish session(s), %.2f s, %d video tile(s) at most%n",
                positional.get(1), t.participants().size(), t.sessions().size(), t.durationMicros() / 1e6, t.slots());
        for (MeetingTimeline.Participant p : t.participants()) {
            RoomPostProcessor.Speech sp = r.speech().get(p.id());
            double spoke = sp == null ? 0 : sp.intervals().stream()
                    .mapToDouble(i -> (i.endMicros() - i.startMicros()) / 1e6).sum();
            out.printf(Locale.ROOT, "  %s: %d session(s), spoke %.1f s (levels: %s)%n", p.id(), p.sessions().size(),
                    spoke, sp == null ? "none" : sp.source().key());
        }
        if (r.output() != null) {
            out.println(r.output());
        }
        r.timelines().forEach(out::println);
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private int header(Path in) throws IOException {
        try (MjrReader r = MjrReader.open(in, MjrReader.Mode.SALVAGE)) {
            MjrHeader h = r.header();
            out.println("Format:  " + r.format().magic() + " (" + r.fileSize() + " bytes)");
            out.println("This is " + (h.type() == MjrMediaType.VIDEO ? "a video" : h.type() == MjrMediaType.AUDIO
                    ? "an audio" : "a data") + " recording:");
            out.println("  -- Codec:   " + h.codec());
            if (h.fmtp() != null) {
                out.println("  -- -- fmtp: " + h.fmtp());
            }
            if (h.description() != null) {
                out.println("  -- Description: " + h.description());
            }
            h.extmaps().forEach((id, uri) -> out.println("  -- Extension " + id + ": " + uri));
            out.println("  -- Created: " + h.createdMicros());
            out.println("  -- Written: " + h.firstWriteMicros());
            if (h.opusRedPayloadType() > 0) {
                out.println("  -- Audio recording contains RED packets (pt " + h.opusRedPayloadType() + ")");
            }
            if (h.endToEndEncrypted()) {
                out.println("  -- Recording is end-to-end encrypted");
            }
            return 0;
        }
    }

    private int json(Path in) throws IOException {
        try (MjrReader r = MjrReader.open(in, MjrReader.Mode.SALVAGE)) {
            if (r.header().json() == null) {
                err.println("error: " + in + " is a legacy MEETECHO recording: it has no JSON header");
                return 1;
            }
            out.println(r.header().json());
            return 0;
        }
    }

    private int parse(Path in) throws IOException {
        try (MjrReader probe = MjrReader.open(in, MjrReader.Mode.SALVAGE)) {
            if (probe.header().type() == MjrMediaType.DATA) {
                return parseData(probe);
            }
        }
        try (Recording rec = Recording.open(in, progressBar())) {
            endProgress();
            OrderedPackets o = rec.ordered();
            int rate = o.clockRate();
            long first = o.packets().isEmpty() ? 0 : o.packets().get(0).extendedTs();
            for (IndexedPacket p : o.packets()) {
                out.printf(Locale.ROOT, "[%10d][%4d] seq=%d, ts=%d, time=%.3fs%s%s%n", p.payloadOffset(),
                        p.payloadLength(), p.seq(), p.extendedTs(), (p.extendedTs() - first) / (double) rate,
                        p.arrivalMillis() >= 0 ? String.format(Locale.ROOT, " pts=%.3fs", p.arrivalMillis() / 1000.0) : "",
                        p.marker() ? " M" : "");
            }
            OrderingStats s = o.stats();
            out.printf(Locale.ROOT, "%s recording, %s, SSRC %d: %d records, %d packets in order, %.2f s%n",
                    rec.header().type().word(), rec.header().codec(), o.ssrc(), s.records(), s.kept(), o.durationSeconds());
            out.printf(Locale.ROOT, "  reordered %d, lost %d, duplicates dropped %d, other SSRC %d, not RTP %d,"
                            + " too large %d, no payload %d, timestamp wraps %d%n", s.reordered(), s.lost(),
                    s.duplicates(), s.otherSsrc(), s.notRtp(), s.tooLarge(), s.noPayload(), s.timestampWraps());
            if (rec.problem() != null) {
                err.println("warning: stopped early: " + rec.problem());
            }
            return 0;
        }
    }

    private int parseData(MjrReader r) throws IOException {
        long n = 0;
        long first = -1;
        for (MjrRecord rec = r.next(); rec != null; rec = r.next()) {
            if (first < 0) {
                first = rec.realTimeMicros();
            }
            out.printf(Locale.ROOT, "[%10d][%4d] time=%.3fs%n", rec.packetOffset(), rec.length(),
                    (rec.realTimeMicros() - first) / 1e6);
            n++;
        }
        out.println("data recording, " + r.header().codec() + ": " + n + " messages");
        if (r.problem() != null) {
            err.println("warning: stopped early: " + r.problem());
        }
        return 0;
    }

    private int report(ConversionReport r) {
        endProgress();
        for (String note : r.notes()) {
            err.println("note: " + note);
        }
        out.printf(Locale.ROOT, "%s: %s, %d frames, %.2f s%s%n", r.output(), r.codecs(), r.frames(), r.durationSeconds(),
                r.width() > 0 ? ", " + r.width() + "x" + r.height() : "");
        return 0;
    }

    private boolean progressShown;
    private int progressWidth;

    /** A text progress bar on standard error when it is a terminal; nothing otherwise. */
    private ProgressListener progressBar() {
        if (!terminal) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            private long lastDraw;
            private int lastPercent = -1;
            private Phase lastPhase;
            private String step = "";

            @Override
            public void onStep(String description) {
                // Keep the end of a long name: it holds the kind and mindex.
                step = description.length() > 48 ? "..." + description.substring(description.length() - 45)
                        : description;
                lastPhase = null;
            }

            @Override
            public void onProgress(Phase phase, long done, long total) {
                int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
                long now = System.nanoTime();
                if (phase == lastPhase
                        && (percent == lastPercent || (percent < 100 && now - lastDraw < 100_000_000L))) {
                    return;
                }
                lastPhase = phase;
                lastDraw = now;
                lastPercent = percent;
                int filled = percent * 30 / 100;
                String what = switch (phase) {
                    case INDEXING -> "reading ";
                    case WRITING -> "writing ";
                    case RENDERING -> "ffmpeg ";
                };
                String line = what + (step.isEmpty() ? "" : step + " ") + "[" + "#".repeat(filled)
                        + " ".repeat(30 - filled) + "] " + percent + "%";
                // Pad over a longer previous line, so no stale characters remain.
                err.print("\r" + line + " ".repeat(Math.max(0, progressWidth - line.length())));
                err.flush();
                progressWidth = line.length();
                progressShown = true;
            }
        };
    }

    private void endProgress() {
        if (progressShown) {
            err.print("\r" + " ".repeat(Math.max(48, progressWidth)) + "\r");
            err.flush();
            progressShown = false;
            progressWidth = 0;
        }
    }
}
