package io.github.wildfiresfu.recorder.container.webm;

import io.github.wildfiresfu.recorder.container.SeekableOutput;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a WebM file (Matroska subset, RFC 9559 and the WebM container guidelines) with at most one
 * video and one audio track, frames as SimpleBlocks:
 * <pre>
 * EBML header (DocType webm)
 * Segment (size patched on close)
 *   SeekHead  → Info, Tracks, Cues
 *   Info      TimestampScale 1 ms, Duration (patched on close), DateUTC, Muxing/WritingApp
 *   Tracks    video 1 (V_VP8 …, PixelWidth/Height), audio (A_OPUS …, CodecPrivate = OpusHead)
 *   Cluster*  Timestamp + SimpleBlocks (keyframe flag)
 *   Cues      one point per cluster that starts with a video keyframe (every cluster for audio only)
 * </pre>
 * A new cluster starts at every video keyframe, and after 5 s or 4 MiB otherwise, so each cluster is
 * kept in memory only until it is complete and relative block times stay within 16 bits.
 *
 * <p>Frames must come in non-decreasing time order across both tracks (a caller muxing two tracks
 * merges them by time). Not thread-safe.
 */
public final class WebmWriter implements Closeable {

    /** Longest cluster, in ms. */
    static final long MAX_CLUSTER_MS = 5_000;
    /** Largest cluster, in bytes. */
    static final int MAX_CLUSTER_BYTES = 4 << 20;

    private static final int SEGMENT = 0x18538067;
    private static final int SEEK_HEAD = 0x114D9B74;
    private static final int SEEK = 0x4DBB;
    private static final int SEEK_ID = 0x53AB;
    private static final int SEEK_POSITION = 0x53AC;
    private static final int INFO = 0x1549A966;
    private static final int TRACKS = 0x1654AE6B;
    private static final int CLUSTER = 0x1F43B675;
    private static final int CUES = 0x1C53BB6B;
    private static final int DURATION = 0x4489;

    /** Microseconds between 1970-01-01 and 2001-01-01, the Matroska DateUTC epoch. */
    private static final long MATROSKA_EPOCH_MICROS = 978_307_200_000_000L;

    /**
     * The video track.
     *
     * @param codecId Matroska codec id, {@code V_VP8} or {@code V_VP9}
     */
    public record VideoTrack(String codecId, int width, int height) {
    }

    /**
     * The audio track.
     *
     * @param codecId       Matroska codec id, {@code A_OPUS}
     * @param codecPrivate  codec private data ({@code OpusHead} for Opus)
     * @param seekPreRollNs decoder pre-roll after seeking (80 ms for Opus)
     */
    public record AudioTrack(String codecId, byte[] codecPrivate, double samplingFrequency, int channels,
                             long codecDelayNs, long seekPreRollNs) {
    }

    /** Which track a frame belongs to. */
    public enum Kind {
        /** The video track. */
        VIDEO,
        /** The audio track. */
        AUDIO
    }

    private final SeekableOutput out;
    private final int videoTrackNumber;
    private final int audioTrackNumber;
    private final long segmentSizeOffset;
    private final long segmentDataStart;
    private final long durationValueOffset;
    private final long cuesSeekPositionOffset;
    private final Ebml cluster = new Ebml();
    private final Ebml block = new Ebml();
    private final List<long[]> cues = new ArrayList<>();
    private boolean clusterOpen;
    private long clusterTimeMs;
    private long firstTimeMs = -1;
    private long endTimeMs;
    private long frames;
    private boolean closed;

    /**
     * Writes the EBML header, the Segment start, SeekHead, Info and Tracks.
     *
     * @param dateUtcMicros real time of the start of the file (µs since the epoch), or a negative value
     *                      to leave DateUTC out
     * @param video         the video track, or null
     * @param audio         the audio track, or null (at least one of them)
     */
    public WebmWriter(SeekableOutput out, String writingApp, long dateUtcMicros, VideoTrack video, AudioTrack audio)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        if (video == null && audio == null) {
            throw new IllegalArgumentException("a WebM file needs a video or an audio track");
        }
        videoTrackNumber = video != null ? 1 : 0;
        audioTrackNumber = audio != null ? (video != null ? 2 : 1) : 0;

        Ebml e = new Ebml();
        e.master(0x1A45DFA3, new Ebml()
                .uint(0x4286, 1)
                .uint(0x42F7, 1)
                .uint(0x42F2, 4)
                .uint(0x42F3, 8)
                .string(0x4282, "webm")
                .uint(0x4287, 4)
                .uint(0x4285, 2));
        e.id(SEGMENT);
        segmentSizeOffset = out.position() + e.length();
        e.sizeFixed(0, 8);
        segmentDataStart = out.position() + e.length();

        // SeekHead with fixed-size positions: Info and Tracks are known once built, Cues is patched on close.
        Ebml info = new Ebml()
                .uint(0x2AD7B1, 1_000_000)
                .string(0x4D80, "Wildfire SFU")
                .string(0x5741, writingApp);
        if (dateUtcMicros >= 0) {
            info.int8Bytes(0x4461, (dateUtcMicros - MATROSKA_EPOCH_MICROS) * 1000);
        }
        int durationInInfo = info.length() + 3; // After the Duration id (2 bytes) and size (1 byte).
        info.float8(DURATION, 0);
        Ebml tracks = new Ebml();
        if (video != null) {
            tracks.master(0xAE, new Ebml()
                    .uint(0xD7, videoTrackNumber)
                    .uint(0x73C5, videoTrackNumber)
                    .uint(0x83, 1)
                    .uint(0x9C, 0)
                    .string(0x86, video.codecId())
                    .master(0xE0, new Ebml().uint(0xB0, video.width()).uint(0xBA, video.height())));
        }
        if (audio != null) {
            Ebml a = new Ebml()
                    .uint(0xD7, audioTrackNumber)
                    .uint(0x73C5, audioTrackNumber)
                    .uint(0x83, 2)
                    .uint(0x9C, 0)
                    .string(0x86, audio.codecId());
            if (audio.codecPrivate() != null) {
                a.binary(0x63A2, audio.codecPrivate());
            }
            a.uint(0x56AA, audio.codecDelayNs()).uint(0x56BB, audio.seekPreRollNs())
                    .master(0xE1, new Ebml().float8(0xB5, audio.samplingFrequency()).uint(0x9F, audio.channels()));
            tracks.master(0xAE, a);
        }
        Ebml infoElement = new Ebml().master(INFO, info);
        Ebml tracksElement = new Ebml().master(TRACKS, tracks);

        Ebml seekHead = new Ebml();
        int seekHeadLength = seekHeadBytes(0, 0, 0).length;
        long infoPos = seekHeadLength;
        long tracksPos = infoPos + infoElement.length();
        byte[] sh = seekHeadBytes(infoPos, tracksPos, 0);
        seekHead.put(sh, 0, sh.length);
        // The Cues SeekPosition value is the last 8 bytes of the SeekHead.
        cuesSeekPositionOffset = segmentDataStart + sh.length - 8;
        durationValueOffset = segmentDataStart + infoPos + (infoElement.length() - info.length()) + durationInInfo;

        e.put(seekHead.array(), 0, seekHead.length());
        e.put(infoElement.array(), 0, infoElement.length());
        e.put(tracksElement.array(), 0, tracksElement.length());
        out.write(e.array(), 0, e.length());
    }

    private static byte[] seekHeadBytes(long infoPos, long tracksPos, long cuesPos) {
        Ebml entries = new Ebml();
        entries.master(SEEK, new Ebml().binary(SEEK_ID, idBytes(INFO)).uint8Bytes(SEEK_POSITION, infoPos));
        entries.master(SEEK, new Ebml().binary(SEEK_ID, idBytes(TRACKS)).uint8Bytes(SEEK_POSITION, tracksPos));
        entries.master(SEEK, new Ebml().binary(SEEK_ID, idBytes(CUES)).uint8Bytes(SEEK_POSITION, cuesPos));
        return new Ebml().master(SEEK_HEAD, entries).toByteArray();
    }

    private static byte[] idBytes(int id) {
        return new Ebml().id(id).toByteArray();
    }

    /**
     * Appends one frame.
     *
     * @param timeMicros     presentation time from the start of the file, µs (non-decreasing across calls)
     * @param durationMicros how long the frame lasts (for the file's Duration), or 0 if unknown
     * @param keyframe       whether the frame can be decoded on its own (audio frames always can)
     */
    public void writeFrame(Kind kind, long timeMicros, long durationMicros, byte[] data, int off, int len,
                           boolean keyframe) throws IOException {
        if (closed) {
            throw new IllegalStateException("WebM writer is closed");
        }
        int track = kind == Kind.VIDEO ? videoTrackNumber : audioTrackNumber;
        if (track == 0) {
            throw new IllegalArgumentException("this file has no " + kind + " track");
        }
        long ms = Math.max(0, Math.round(timeMicros / 1000.0));
        if (firstTimeMs < 0) {
            firstTimeMs = ms;
        }
        boolean videoKey = kind == Kind.VIDEO && keyframe;
        if (!clusterOpen
                || (videoKey && cluster.length() > 0)
                || ms - clusterTimeMs > MAX_CLUSTER_MS
                || cluster.length() > MAX_CLUSTER_BYTES) {
            startCluster(ms, videoTrackNumber == 0 || videoKey ? track : 0);
        }
        long relative = Math.max(0, ms - clusterTimeMs);
        block.reset();
        block.put((byte) (0x80 | track));
        block.put((byte) (relative >>> 8));
        block.put((byte) relative);
        block.put((byte) (keyframe || kind == Kind.AUDIO ? 0x80 : 0x00));
        block.put(data, off, len);
        cluster.id(0xA3).size(block.length());
        cluster.put(block.array(), 0, block.length());
        endTimeMs = Math.max(endTimeMs, ms + Math.round(durationMicros / 1000.0));
        frames++;
    }

    private void startCluster(long ms, int cueTrack) throws IOException {
        flushCluster();
        clusterOpen = true;
        clusterTimeMs = ms;
        if (cueTrack != 0) {
            cues.add(new long[] {ms, cueTrack, out.position() - segmentDataStart});
        }
        cluster.reset();
        cluster.uint(0xE7, ms);
    }

    private void flushCluster() throws IOException {
        if (!clusterOpen) {
            return;
        }
        Ebml head = new Ebml().id(CLUSTER).size(cluster.length());
        out.write(head.array(), 0, head.length());
        out.write(cluster.array(), 0, cluster.length());
        clusterOpen = false;
        cluster.reset();
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    /** Duration so far in ms (end of the last frame). */
    public long durationMillis() {
        return endTimeMs;
    }

    /** Writes the last cluster and the Cues, patches sizes and Duration, and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushCluster();
            long cuesPos = out.position() - segmentDataStart;
            Ebml points = new Ebml();
            for (long[] c : cues) {
                points.master(0xBB, new Ebml().uint(0xB3, c[0])
                        .master(0xB7, new Ebml().uint(0xF7, c[1]).uint(0xF1, c[2])));
            }
            Ebml cuesElement = new Ebml().master(CUES, points);
            out.write(cuesElement.array(), 0, cuesElement.length());
            long segmentSize = out.position() - segmentDataStart;
            out.patch(segmentSizeOffset, new Ebml().sizeFixed(segmentSize, 8).toByteArray());
            Ebml v = new Ebml();
            v.putLong(Double.doubleToLongBits((double) endTimeMs));
            out.patch(durationValueOffset, v.toByteArray());
            Ebml p = new Ebml();
            p.putLong(cuesPos);
            out.patch(cuesSeekPositionOffset, p.toByteArray());
        } finally {
            out.close();
        }
    }
}
