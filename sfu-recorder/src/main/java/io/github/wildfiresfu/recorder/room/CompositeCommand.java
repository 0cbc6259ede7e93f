package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.post.UnsupportedConversionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the ffmpeg command that renders a meeting: every participant's audio mixed, every shown video
 * in its grid tile while it runs, on one timeline as long as the whole meeting. Pure (no process).
 *
 * <p>The filter graph, with {@code D} the meeting's length and {@code o} an input's offset from the
 * meeting's start (both in seconds, from the MJR timing):
 * <pre>
 * color=…:s=WxH:r=FPS:d=D [bg]                       the canvas, the whole meeting long
 * [i:v] setpts=PTS-STARTPTS+(o-1/(2·FPS))/TB, scale+pad to the tile, [drawtext name] [vi]
 * [bg][v0] overlay=x:y:enable='between(t,o,e)' [o0]; [o0][v1] overlay … [vout]
 *     (a tile shows the canvas before its video starts and, by the enable window, after it ends: a
 *      participant appears when they publish and disappears when they stop)
 * anullsrc, atrim=D [a0]; [j:a] adelay=o*48000 samples [aj]; amix=…:duration=first:normalize=0 [aout]
 *     (silence the whole meeting long, so the mix lasts exactly D; summed, not averaged, so a voice
 *      keeps its level when others stop)
 * </pre>
 * Overlay keeps its default frame synchronisation: each canvas frame waits for the video's frame at
 * or before its time ({@code eof_action=pass} or {@code repeatlast=0} would make the video input a
 * non-synchronising one in libavfilter's framesync, so a tile could show a frame late or early by
 * chance: we measured flashes a frame late at random). Taking the frame at or before a canvas tick
 * delays video by half a frame on average; shifting the tile's timestamps half a frame earlier makes
 * that "the nearest frame", so A/V sync is not biased by the frame rate.
 *
 * <p>Video inputs get {@code -reinit_filter 0}: browsers change resolution mid-call, and ffmpeg would
 * otherwise rebuild the whole graph (restarting the canvas at time 0) instead of letting {@code scale}
 * adapt to the new size.
 */
public final class CompositeCommand {

    /** Canvas colour (dark grey: an empty tile is visibly "nobody"). */
    static final String CANVAS = "0x181818";

    /**
     * One video placed on the canvas.
     *
     * @param file          the converted video (WebM or MP4)
     * @param offsetSeconds when it starts, seconds after the meeting's start
     * @param endSeconds    when it ends, seconds after the meeting's start
     * @param slot          grid slot
     * @param label         text file holding the name to draw on the tile, or null for none
     */
    public record VideoInput(Path file, double offsetSeconds, double endSeconds, int slot, Path label) {
    }

    /**
     * One audio stream to mix.
     *
     * @param file          the converted audio (Ogg Opus)
     * @param offsetSeconds when it starts, seconds after the meeting's start
     */
    public record AudioInput(Path file, double offsetSeconds) {
    }

    /**
     * The grid: {@code columns × rows} tiles of {@code tileWidth × tileHeight}, centred on the canvas.
     *
     * @param width      canvas width
     * @param height     canvas height
     * @param columns    tiles per row
     * @param rows       rows
     * @param tileWidth  tile width (even, as 4:2:0 video needs)
     * @param tileHeight tile height (even)
     */
    public record Grid(int width, int height, int columns, int rows, int tileWidth, int tileHeight) {

        /** The most square grid with room for {@code slots} tiles ({@code slots >= 1}). */
        public static Grid of(int slots, int width, int height) {
            int columns = (int) Math.ceil(Math.sqrt(Math.max(1, slots)));
            int rows = (int) Math.ceil(Math.max(1, slots) / (double) columns);
            return new Grid(width, height, columns, rows, even(width / columns), even(height / rows));
        }

        /** Left edge of a slot's tile. */
        public int x(int slot) {
            return (width - columns * tileWidth) / 2 + (slot % columns) * tileWidth;
        }

        /** Top edge of a slot's tile. */
        public int y(int slot) {
            return (height - rows * tileHeight) / 2 + (slot / columns) * tileHeight;
        }

        private static int even(int v) {
            return Math.max(2, v & ~1);
        }
    }

    private CompositeCommand() {
    }

    /**
     * The arguments for {@link Ffmpeg} (without the program and its {@code -nostdin -v error}).
     *
     * @param grid            tile layout, or null when there is no video (audio-only output)
     * @param fontFile        font for the names, or null (then no labels are drawn)
     * @param durationSeconds the meeting's length
     * @param output          file to write; its format is {@code format}
     * @param format          {@code webm}, {@code mp4} or {@code matroska} (see {@link #formatOf})
     */
    public static List<String> build(List<VideoInput> videos, List<AudioInput> audios, Grid grid, int fps,
                                     Path fontFile, double durationSeconds, Path output, String format) {
        List<String> args = new ArrayList<>();
        args.add("-y");
        int index = 0;
        StringBuilder g = new StringBuilder();
        String d = seconds(durationSeconds);
        String lastVideo = null;
        if (grid != null) {
            g.append("color=c=").append(CANVAS).append(":s=").append(grid.width()).append('x').append(grid.height())
                    .append(":r=").append(fps).append(":d=").append(d).append("[bg]");
            lastVideo = "bg";
            for (VideoInput v : videos) {
                args.addAll(List.of("-reinit_filter", "0", "-i", v.file().toString()));
                int i = index++;
                int w = grid.tileWidth();
                int h = grid.tileHeight();
                g.append(";[").append(i).append(":v]setpts=PTS-STARTPTS+").append(seconds(v.offsetSeconds() - 0.5 / fps))
                        .append("/TB,scale=").append(w).append(':').append(h)
                        .append(":force_original_aspect_ratio=decrease,pad=").append(w).append(':').append(h)
                        .append(":(ow-iw)/2:(oh-ih)/2:color=").append(CANVAS).append(",setsar=1");
                if (v.label() != null && fontFile != null) {
                    g.append(",drawtext=fontfile=").append(escape(fontFile.toString())).append(":textfile=")
                            .append(escape(v.label().toString()))
                            .append(":expansion=none:fontsize=").append(Math.max(12, h / 18))
                            .append(":fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4:x=8:y=h-th-10");
                }
                g.append("[v").append(i).append("];[").append(lastVideo).append("][v").append(i)
                        .append("]overlay=x=").append(grid.x(v.slot())).append(":y=").append(grid.y(v.slot()))
                        .append(":enable='between(t,").append(seconds(v.offsetSeconds() - 0.5 / fps)).append(",")
                        .append(seconds(v.endSeconds())).append(")'[o").append(i).append(']');
                lastVideo = "o" + i;
            }
            g.append(";[").append(lastVideo).append("]format=yuv420p[vout]");
        }
        g.append(g.length() > 0 ? ";" : "").append("anullsrc=r=48000:cl=stereo,atrim=duration=").append(d)
                .append("[asil]");
        StringBuilder mixInputs = new StringBuilder("[asil]");
        for (AudioInput a : audios) {
            args.addAll(List.of("-i", a.file().toString()));
            int i = index++;
            long delaySamples = Math.max(0, Math.round(a.offsetSeconds() * 48_000));
            g.append(";[").append(i).append(":a]aresample=48000,adelay=delays=").append(delaySamples)
                    .append("S:all=1[a").append(i).append(']');
            mixInputs.append("[a").append(i).append(']');
        }
        g.append(';').append(mixInputs).append("amix=inputs=").append(audios.size() + 1)
                .append(":duration=first:dropout_transition=0:normalize=0[aout]");
        args.addAll(List.of("-filter_complex", g.toString()));
        if (grid != null) {
            args.addAll(List.of("-map", "[vout]"));
        }
        args.addAll(List.of("-map", "[aout]"));
        switch (format) {
            case "mp4" -> {
                if (grid != null) {
                    args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"));
                }
                args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"));
            }
            default -> {
                if (grid != null) {
                    // Realtime mode at speed 8: several times faster than realtime on one core, good enough
                    // for faces and screens at a fixed bitrate.
                    args.addAll(List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
                            "-b:v", "2M", "-auto-alt-ref", "0"));
                }
                args.addAll(List.of("-c:a", "libopus", "-b:a", "128k"));
            }
        }
        args.addAll(List.of("-t", d, "-f", format, output.toString()));
        return args;
    }

    /** ffmpeg's muxer for an output file extension: webm, mp4 or mkv. */
    public static String formatOf(String extension) throws UnsupportedConversionException {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "webm" -> "webm";
            case "mp4" -> "mp4";
            case "mkv" -> "matroska";
            default -> throw new UnsupportedConversionException("room writes .webm (VP8 + Opus), .mkv (VP8 + Opus)"
                    + " or .mp4 (H.264 + AAC), not ." + extension);
        };
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    /**
     * Escapes a filter option value for a filter graph: first the option level ({@code \ ' :}), then the
     * graph level ({@code \ ' [ ] , ;}), as ffmpeg-filters(1) "Notes on filtergraph escaping" describes.
     */
    static String escape(String value) {
        String level1 = value.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:");
        return level1.replace("\\", "\\\\").replace("'", "\\'").replace("[", "\\[").replace("]", "\\]")
                .replace(",", "\\,").replace(";", "\\;");
    }
}
