package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.recorder.container.SeekableOutput;
import io.github.wildfiresfu.recorder.container.mp4.Mp4Writer;
import io.github.wildfiresfu.recorder.container.ogg.OggOpusWriter;
import io.github.wildfiresfu.recorder.container.webm.WebmWriter;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts MJR recordings into playable files, like {@code janus-pp-rec} but without FFmpeg:
 * <table>
 *   <caption>Conversions</caption>
 *   <tr><td>Opus</td><td>{@code .opus}, {@code .ogg} (Ogg Opus, RFC 7845); {@code .webm} (audio only)</td></tr>
 *   <tr><td>VP8</td><td>{@code .webm}</td></tr>
 *   <tr><td>H.264</td><td>{@code .mp4}</td></tr>
 *   <tr><td>Opus + VP8</td><td>{@code .webm} with both tracks in sync ({@link #merge})</td></tr>
 * </table>
 * Output is written to {@code <out>.part} and renamed when complete, so a failed run leaves no
 * half-written file under the requested name. End-to-end encrypted recordings are refused, as
 * {@code janus-pp-rec} refuses them.
 */
public final class PostProcessor {

    private static final String APP = "Wildfire SFU post-processor";

    private PostProcessor() {
    }

    /**
     * Converts one recording; the output format follows the extension of {@code out}.
     *
     * @throws UnsupportedConversionException when the codec cannot go into that format
     * @throws io.github.wildfiresfu.recorder.mjr.MjrFormatException when the input is not a usable recording
     * @throws IOException when reading or writing fails
     */
    public static ConversionReport convert(Path in, Path out, ProgressListener progress) throws IOException {
        return convert(in, out, null, progress);
    }

    /**
     * Converts one recording; when it is Opus going to {@code .opus}/{@code .ogg} and {@code videoOfSameSender}
     * is given, the audio is kept in step with that video recording ({@link AudioSkew}) as {@link #merge}
     * does, so that the two files can be placed on one timeline separately ({@code room}).
     *
     * @param videoOfSameSender the video recording of the same publisher, or null
     */
    public static ConversionReport convert(Path in, Path out, Path videoOfSameSender, ProgressListener progress)
            throws IOException {
        String ext = extensionOf(out);
        try (Recording rec = Recording.open(in, progress)) {
            MjrHeader h = rec.header();
            checkConvertible(in, h);
            String codec = h.codec().toLowerCase(Locale.ROOT);
            List<String> notes = new ArrayList<>();
            if (rec.problem() != null) {
                notes.add("input damaged, used everything before it: " + rec.problem());
            }
            return switch (codec + "->" + ext) {
                case "opus->opus", "opus->ogg" -> {
                    long[] corrections = null;
                    if (videoOfSameSender != null) {
                        try (Recording v = Recording.open(videoOfSameSender, ProgressListener.NONE)) {
                            corrections = AudioSkew.corrections(rec, v);
                        }
                    }
                    long[] c = corrections;
                    yield writeAtomically(out, part -> opusToOgg(rec, c, part, out, progress, notes));
                }
                case "opus->webm" -> writeAtomically(out, part -> toWebm(rec, null, part, out, progress, notes));
                case "vp8->webm" -> writeAtomically(out, part -> toWebm(null, rec, part, out, progress, notes));
                case "h264->mp4" -> writeAtomically(out, part -> h264ToMp4(rec, part, out, progress, notes));
                default -> throw new UnsupportedConversionException(in + ": cannot convert " + codec + " to ."
                        + ext + " (supported: opus to .opus/.ogg/.webm, vp8 to .webm, h264 to .mp4)");
            };
        }
    }

    /**
     * Muxes one participant's Opus audio and VP8 video recordings into one WebM, in sync: each
     * frame is placed at its recording's first-write time {@code u} plus its RTP time since the
     * recording's first packet, and the file starts at the earlier of the two.
     */
    public static ConversionReport merge(Path audio, Path video, Path out, ProgressListener progress)
            throws IOException {
        String ext = extensionOf(out);
        if (!ext.equals("webm")) {
            throw new UnsupportedConversionException("merge writes .webm, not ." + ext);
        }
        try (Recording a = Recording.open(audio, progress); Recording v = Recording.open(video, progress)) {
            checkConvertible(audio, a.header());
            checkConvertible(video, v.header());
            if (!a.header().codec().equalsIgnoreCase("opus")) {
                throw new UnsupportedConversionException(audio + ": merge needs Opus audio, got " + a.header().codec());
            }
            if (!v.header().codec().equalsIgnoreCase("vp8")) {
                throw new UnsupportedConversionException(video + ": merge needs VP8 video, got " + v.header().codec());
            }
            List<String> notes = new ArrayList<>();
            if (a.problem() != null) {
                notes.add("audio input damaged, used everything before it: " + a.problem());
            }
            if (v.problem() != null) {
                notes.add("video input damaged, used everything before it: " + v.problem());
            }
            return writeAtomically(out, part -> toWebm(a, v, part, out, progress, notes));
        }
    }

    private static void checkConvertible(Path in, MjrHeader h) throws UnsupportedConversionException {
        if (h.endToEndEncrypted()) {
            throw new UnsupportedConversionException(in + ": recording is end-to-end encrypted (\"e\":true); "
                    + "its media cannot be decoded here");
        }
    }

    private static ConversionReport opusToOgg(Recording rec, long[] corrections, Path part, Path out,
                                              ProgressListener progress, List<String> notes) throws IOException {
        OpusFrameSource src = new OpusFrameSource(rec, corrections);
        requirePackets(rec);
        MjrHeader h = rec.header();
        int serial = (int) (h.createdMicros() ^ (h.createdMicros() >>> 32));
        long total = rec.ordered().packets().size();
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024);
        long frames = 0;
        long samples;
        try (OggOpusWriter w = new OggOpusWriter(os, serial, 2, 0, 48_000, APP)) {
            for (EncodedFrame f = src.next(); f != null; f = src.next()) {
                w.writePacket(f.data(), 0, f.data().length, (int) f.duration());
                frames++;
                if ((frames & 255) == 0) {
                    progress.onProgress(ProgressListener.Phase.WRITING, src.packetsConsumed(), total);
                }
            }
            samples = w.samplesWritten();
        }
        progress.onProgress(ProgressListener.Phase.WRITING, total, total);
        opusNotes(src, notes);
        return new ConversionReport(out, "opus", rec.ordered().stats(), total, frames, samples / 48_000.0, 0, 0, notes,
                rec.startMicros());
    }

    private static void opusNotes(OpusFrameSource src, List<String> notes) {
        if (src.skewSteps() > 0) {
            notes.add(String.format(Locale.ROOT, "kept audio in step with video: its clock slipped %d time(s), by %+d ms"
                    + " at the end (from the arrival times)", src.skewSteps(), src.finalSkew() / 48));
        }
        if (src.dtxGaps() + src.lossGaps() > 0) {
            notes.add(String.format(Locale.ROOT, "filled %d gaps with %.2f s of silence (%d DTX, %d with lost packets)",
                    src.dtxGaps() + src.lossGaps(), (src.silenceSamples() - src.skewSilenceSamples()) / 48_000.0,
                    src.dtxGaps(), src.lossGaps()));
        }
        if (src.redRecovered() > 0) {
            notes.add("restored " + src.redRecovered() + " lost packets from RED redundancy");
        }
        if (src.malformed() + src.overlapping() > 0) {
            notes.add("dropped " + src.malformed() + " malformed and " + src.overlapping() + " overlapping Opus packets");
        }
    }

    private static void vp8Notes(Vp8FrameSource src, List<String> notes) {
        if (src.skippedBeforeKeyframe() > 0) {
            notes.add("skipped " + src.skippedBeforeKeyframe() + " VP8 frames before the first keyframe");
        }
        if (src.incomplete() > 0) {
            notes.add(src.incomplete() + " VP8 frames had missing packets (written anyway)");
        }
    }

    /** Audio only ({@code video} null), video only ({@code audio} null), or both, into WebM. */
    private static ConversionReport toWebm(Recording audio, Recording video, Path part, Path out,
                                           ProgressListener progress, List<String> notes) throws IOException {
        OpusFrameSource as = audio == null ? null
                : new OpusFrameSource(audio, video == null ? null : AudioSkew.corrections(audio, video));
        Vp8FrameSource vs = video == null ? null : new Vp8FrameSource(video);
        if (audio != null) {
            requirePackets(audio);
        }
        if (video != null) {
            requirePackets(video);
        }
        EncodedFrame af = as == null ? null : as.next();
        EncodedFrame vf = vs == null ? null : vs.next();
        if (vs != null && vf == null) {
            throw new UnsupportedConversionException(video.reader().path() + ": no decodable VP8 frame (no keyframe in "
                    + video.ordered().packets().size() + " packets)");
        }
        // Both timelines in µs of real time: the first packet's time (from the header's u) plus RTP time since.
        long audioZero = audio == null ? 0 : Math.max(0, audio.startMicros());
        long videoZero = video == null ? 0 : Math.max(0, video.startMicros());
        long start;
        if (audio != null && video != null) {
            start = Math.min(audioZero + micros(af == null ? 0 : af.pts(), 48_000),
                    videoZero + micros(vf.pts(), 90_000));
        } else if (video != null) {
            start = videoZero + micros(vf.pts(), 90_000);
        } else {
            start = audioZero + micros(af == null ? 0 : af.pts(), 48_000);
        }
        long dateMicros = (audio != null ? audio : video).startMicros() > 0 ? start : -1;
        WebmWriter.VideoTrack vt = vs == null ? null : new WebmWriter.VideoTrack("V_VP8", vs.width(), vs.height());
        WebmWriter.AudioTrack at = as == null ? null : new WebmWriter.AudioTrack("A_OPUS",
                OggOpusWriter.opusHead(2, 0, 48_000), 48_000.0, 2, 0, 80_000_000L);
        long total = (audio == null ? 0 : audio.ordered().packets().size())
                + (video == null ? 0 : video.ordered().packets().size());
        long frames = 0;
        long durationMs;
        try (WebmWriter w = new WebmWriter(SeekableOutput.create(part), APP, dateMicros, vt, at)) {
            while (af != null || vf != null) {
                long ta = af == null ? Long.MAX_VALUE : audioZero + micros(af.pts(), 48_000) - start;
                long tv = vf == null ? Long.MAX_VALUE : videoZero + micros(vf.pts(), 90_000) - start;
                if (ta <= tv) {
                    w.writeFrame(WebmWriter.Kind.AUDIO, ta, micros(af.duration(), 48_000), af.data(), 0,
                            af.data().length, true);
                    af = as.next();
                } else {
                    w.writeFrame(WebmWriter.Kind.VIDEO, tv, 0, vf.data(), 0, vf.data().length, vf.keyframe());
                    vf = vs.next();
                }
                frames++;
                if ((frames & 255) == 0) {
                    long done = (as == null ? 0 : as.packetsConsumed()) + (vs == null ? 0 : vs.packetsConsumed());
                    progress.onProgress(ProgressListener.Phase.WRITING, done, total);
                }
            }
            durationMs = w.durationMillis();
        }
        progress.onProgress(ProgressListener.Phase.WRITING, total, total);
        if (as != null) {
            opusNotes(as, notes);
        }
        if (vs != null) {
            vp8Notes(vs, notes);
        }
        String codecs = audio != null && video != null ? "opus+vp8" : (audio != null ? "opus" : "vp8");
        Recording first = video != null ? video : audio;
        return new ConversionReport(out, codecs, first.ordered().stats(), total, frames, durationMs / 1000.0,
                vs == null ? 0 : vs.width(), vs == null ? 0 : vs.height(), notes, dateMicros);
    }

    private static ConversionReport h264ToMp4(Recording rec, Path part, Path out, ProgressListener progress,
                                              List<String> notes) throws IOException {
        requirePackets(rec);
        H264FrameSource src = new H264FrameSource(rec);
        EncodedFrame f = src.next();
        if (f == null) {
            throw new UnsupportedConversionException(rec.reader().path() + ": no decodable H.264 frame (no IDR with"
                    + " SPS and PPS in " + rec.ordered().packets().size() + " packets)");
        }
        long total = rec.ordered().packets().size();
        long first = f.pts();
        long frames = 0;
        Mp4Writer w = new Mp4Writer(SeekableOutput.create(part), 90_000, src.width(), src.height(), src.sps(),
                src.pps());
        try (w) {
            for (; f != null; f = src.next()) {
                w.writeSample(f.pts() - first, f.data(), f.keyframe());
                frames++;
                if ((frames & 255) == 0) {
                    progress.onProgress(ProgressListener.Phase.WRITING, src.packetsConsumed(), total);
                }
            }
        }
        // The sample durations, and so the total, are settled when the writer closes.
        double duration = w.durationTicks() / 90_000.0;
        progress.onProgress(ProgressListener.Phase.WRITING, total, total);
        if (src.skippedBeforeKeyframe() > 0) {
            notes.add("skipped " + src.skippedBeforeKeyframe() + " H.264 frames before the first IDR frame");
        }
        if (src.incomplete() > 0) {
            notes.add(src.incomplete() + " H.264 frames had missing packets (written anyway)");
        }
        if (src.unsupportedPackets() > 0) {
            notes.add("ignored " + src.unsupportedPackets() + " packets of unsupported H.264 packetization (STAP-B, MTAP, FU-B)");
        }
        long startMicros = rec.startMicros() < 0 ? -1 : rec.startMicros() + micros(first, 90_000);
        return new ConversionReport(out, "h264", rec.ordered().stats(), total, frames, duration, src.width(),
                src.height(), notes, startMicros);
    }

    private static void requirePackets(Recording rec) throws UnsupportedConversionException {
        if (rec.ordered().packets().isEmpty()) {
            OrderingStats s = rec.ordered().stats();
            throw new UnsupportedConversionException(rec.reader().path() + ": no usable RTP packets ("
                    + s.records() + " records: " + s.notRtp() + " not RTP, " + s.noPayload() + " without payload, "
                    + s.tooLarge() + " too large)");
        }
    }

    private static long micros(long ticks, int rate) {
        return Math.floorDiv(ticks * 1_000_000L, rate);
    }

    /** The lower-case extension of {@code out}, or a clear error if it has none. */
    public static String extensionOf(Path out) throws UnsupportedConversionException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            throw new UnsupportedConversionException(out + ": output needs an extension (.opus, .ogg, .webm or .mp4)");
        }
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @FunctionalInterface
    private interface Writing {
        ConversionReport write(Path part) throws IOException;
    }

    private static ConversionReport writeAtomically(Path out, Writing writing) throws IOException {
        Path part = out.resolveSibling(out.getFileName() + ".part");
        boolean done = false;
        try {
            ConversionReport r = writing.write(part);
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            return r;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }
}
