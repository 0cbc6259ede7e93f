package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the post-processor, in the manner of {@code janus-pp-rec}:
 * <pre>
 * java -jar wildfire-sfu-recorder.jar [--header|--json|--parse] IN.mjr [OUT.opus|.ogg|.webm|.mp4]
 * java -jar wildfire-sfu-recorder.jar merge AUDIO.mjr VIDEO.mjr OUT.webm
 * </pre>
 * Exit status 0 on success, 1 when the input cannot be read or converted, 2 on a usage error. Results go
 * to standard output, warnings and the progress bar (only on a terminal) to standard error.
 */
public final class PostProcessorCli {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param terminal whether {@code err} is a terminal, so a progress bar is drawn there
     */
    public PostProcessorCli(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Entry point of the jar; the only place that touches the process's streams and exit status. */
    public static void main(String[] args) {
        int status = new PostProcessorCli(System.out, System.err, System.console() != null).run(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status. Never throws. */
    public int run(String... args) {
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
        s.println("Converts Janus/Wildfire MJR recordings: Opus to .opus/.ogg/.webm, VP8 to .webm, H.264 to .mp4;");
        s.println("merge muxes one participant's Opus and VP8 recordings into one WebM, in sync.");
        s.println("  -H, --header   only print the recording's header");
        s.println("  -j, --json     only print the JSON info header");
        s.println("  -p, --parse    only parse and order the packets, and print them");
        s.println("  -h, --help     this text");
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

    /** A text progress bar on standard error when it is a terminal; nothing otherwise. */
    private ProgressListener progressBar() {
        if (!terminal) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            private long lastDraw;
            private int lastPercent = -1;
            private Phase lastPhase;

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
                err.print("\r" + (phase == Phase.INDEXING ? "reading " : "writing ") + "["
                        + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + percent + "%");
                err.flush();
                progressShown = true;
            }
        };
    }

    private void endProgress() {
        if (progressShown) {
            err.print("\r" + " ".repeat(48) + "\r");
            err.flush();
            progressShown = false;
        }
    }
}
