package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import io.github.wildfiresfu.recorder.post.IndexedPacket;
import io.github.wildfiresfu.recorder.post.OrderedPackets;
import io.github.wildfiresfu.recorder.post.ProgressListener;
import io.github.wildfiresfu.recorder.post.Recording;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Audio levels of a recording on the wall clock, for {@link SpeechDetector}, from one of two sources:
 * <ol>
 *   <li>the RFC 6464 client-to-mixer audio-level header extension, when the MJR header's {@code x} names
 *       it ({@value #AUDIO_LEVEL_URI}): the level the sender measured, one per packet, no decoding. Our
 *       recorder writes the negotiated extensions into {@code x}; Janus 1.1.2 records the extension in
 *       the packets but lists only video extensions in audio headers, so its files use (2);</li>
 *   <li>decoded energy: ffmpeg decodes the converted audio and reports the RMS level of every 100 ms
 *       ({@code astats}), in dBFS, used as -dBov.</li>
 * </ol>
 */
public final class AudioLevels {

    /** The extension's URI in SDP and in the MJR header (RFC 6464 §4). */
    public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** Where levels came from. */
    public enum Source {
        /** RFC 6464 header extension elements in the recorded packets. */
        RTP_HEADER_EXTENSION("rfc6464-header-extension"),
        /** RMS of the decoded audio (ffmpeg {@code astats}). */
        DECODED_ENERGY("decoded-energy"),
        /** No levels: no extension in the header and no ffmpeg to decode with. */
        NONE("none");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        /** The name used in the timeline JSON. */
        public String key() {
            return key;
        }
    }

    private AudioLevels() {
    }

    /** The extension id {@code header} maps to the audio-level URI, or -1. */
    public static int extensionId(MjrHeader header) {
        for (Map.Entry<Integer, String> e : header.extmaps().entrySet()) {
            if (AUDIO_LEVEL_URI.equalsIgnoreCase(e.getValue().trim())) {
                return e.getKey();
            }
        }
        return -1;
    }

    /**
     * The levels in the audio-level extension element {@code extensionId} of every packet of an audio
     * recording, at the packets' wall-clock times ({@link Recording#startMicros()} plus RTP time).
     * Packets without the element are left out. Empty when the recording has no timing.
     */
    public static List<SpeechDetector.Level> fromHeaderExtension(Path mjr, int extensionId) throws IOException {
        List<SpeechDetector.Level> out = new ArrayList<>();
        try (Recording rec = Recording.open(mjr, ProgressListener.NONE)) {
            OrderedPackets ordered = rec.ordered();
            long start = rec.startMicros();
            if (start < 0 || ordered.packets().isEmpty() || ordered.clockRate() <= 0) {
                return out;
            }
            // Levels by record index, from a second pass in file order (the ordered packets point at
            // payloads, after the extension).
            byte[] level = new byte[(int) Math.min(Integer.MAX_VALUE - 8, ordered.stats().records())];
            Arrays.fill(level, (byte) -1);
            try (MjrReader r = MjrReader.open(mjr, MjrReader.Mode.SALVAGE)) {
                for (MjrRecord record = r.next(); record != null; record = r.next()) {
                    if (record.index() < level.length) {
                        level[(int) record.index()] = (byte) audioLevel(record.buffer(), record.bufferOffset(),
                                record.length(), extensionId);
                    }
                }
            }
            long base = ordered.packets().get(0).extendedTs();
            for (IndexedPacket p : ordered.packets()) {
                int l = p.recordIndex() < level.length ? level[(int) p.recordIndex()] : -1;
                if (l >= 0) {
                    out.add(new SpeechDetector.Level(
                            start + Math.floorDiv((p.extendedTs() - base) * 1_000_000L, ordered.clockRate()), l));
                }
            }
        }
        return out;
    }

    /**
     * The audio level (0..127 -dBov) in the RFC 6464 element {@code id} of an RTP packet, or -1 when the
     * packet has no such element. Reads the one-byte (profile {@code 0xBEDE}) and two-byte
     * ({@code 0x100X}) header extension forms of RFC 8285 §4.2 and §4.3; the element's first byte is
     * {@code V} (voice activity, not used: senders set it differently) and the 7-bit level.
     */
    public static int audioLevel(byte[] b, int off, int len, int id) {
        if (len < 12 || (b[off] & 0xC0) != 0x80 || (b[off] & 0x10) == 0) {
            return -1;
        }
        int x = off + 12 + 4 * (b[off] & 0x0F);
        int packetEnd = off + len;
        if (x + 4 > packetEnd) {
            return -1;
        }
        int profile = ((b[x] & 0xFF) << 8) | (b[x + 1] & 0xFF);
        int end = x + 4 + 4 * (((b[x + 2] & 0xFF) << 8) | (b[x + 3] & 0xFF));
        if (end > packetEnd) {
            return -1;
        }
        int p = x + 4;
        if (profile == 0xBEDE) {
            while (p < end) {
                int h = b[p] & 0xFF;
                if (h == 0) {
                    p++;
                    continue;
                }
                int elementId = h >>> 4;
                int length = (h & 0x0F) + 1;
                if (elementId == 15 || p + 1 + length > end) {
                    return -1;
                }
                if (elementId == id) {
                    return b[p + 1] & 0x7F;
                }
                p += 1 + length;
            }
        } else if ((profile & 0xFFF0) == 0x1000) {
            while (p < end) {
                int elementId = b[p] & 0xFF;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    return -1;
                }
                int length = b[p + 1] & 0xFF;
                if (p + 2 + length > end) {
                    return -1;
                }
                if (elementId == id && length >= 1) {
                    return b[p + 2] & 0x7F;
                }
                p += 2 + length;
            }
        }
        return -1;
    }

    /**
     * Levels of decoded audio: ffmpeg decodes {@code audioFile} (whose time 0 is {@code startMicros} on the
     * wall clock) and reports the RMS level of each 100 ms; silence ({@code -inf}) is 127.
     */
    public static List<SpeechDetector.Level> fromDecodedEnergy(Ffmpeg ffmpeg, Path audioFile, long startMicros)
            throws IOException {
        String out = ffmpeg.run(List.of("-i", audioFile.toString(), "-map", "0:a:0", "-af",
                "asetnsamples=n=4800:p=0,astats=metadata=1:reset=1:measure_perchannel=none:measure_overall=RMS_level,"
                        + "ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file=-",
                "-f", "null", "-"), null);
        return parseAstats(out, startMicros);
    }

    /** Parses {@code ametadata=mode=print} output: {@code pts_time:T} lines, each followed by the level. */
    static List<SpeechDetector.Level> parseAstats(String text, long startMicros) {
        List<SpeechDetector.Level> out = new ArrayList<>();
        double t = Double.NaN;
        for (String line : text.split("\n")) {
            int at = line.indexOf("pts_time:");
            if (at >= 0) {
                try {
                    t = Double.parseDouble(line.substring(at + "pts_time:".length()).trim().split("\\s+")[0]);
                } catch (NumberFormatException e) {
                    t = Double.NaN;
                }
                continue;
            }
            String key = "lavfi.astats.Overall.RMS_level=";
            if (line.startsWith(key) && !Double.isNaN(t)) {
                String v = line.substring(key.length()).trim().toLowerCase(Locale.ROOT);
                int dbov;
                try {
                    double db = Double.parseDouble(v);
                    dbov = Double.isNaN(db) ? 127 : (int) Math.round(Math.max(0, Math.min(127, -db)));
                } catch (NumberFormatException e) {
                    dbov = 127; // "-inf": digital silence
                }
                out.add(new SpeechDetector.Level(startMicros + Math.round(t * 1_000_000), dbov));
                t = Double.NaN;
            }
        }
        return out;
    }
}
