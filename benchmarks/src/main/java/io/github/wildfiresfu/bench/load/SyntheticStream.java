package io.github.wildfiresfu.bench.load;

import io.github.wildfiresfu.media.sdp.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One outgoing RTP stream of a load-generator publisher: Opus-sized audio or VP8-shaped video,
 * paced evenly at a packet rate. The payload bytes are synthetic (no encoder runs), but the
 * packets look like a browser's where servers look:
 * <ul>
 *   <li>RTP header (RFC 3550 §5.1) with a one-byte header extension block (RFC 8285 §4.2)
 *       carrying the {@code sdes:mid} extension (RFC 8843 §15), as Chromium sends it, so either
 *       server can demultiplex BUNDLE by mid or by the SSRC in the SDP;</li>
 *   <li>video: the VP8 payload descriptor (RFC 7741 §4.2) with a 15-bit picture id, the start
 *       bit on a frame's first packet, the marker bit on its last, one timestamp per frame; a
 *       frame's first packet carries the VP8 payload header with the key-frame flag (§4.3: P = 0)
 *       and the key frame start code and 640x480 size (RFC 6386 §9.1) every
 *       {@code keyframeIntervalFrames} frames and after a keyframe request (PLI/FIR);</li>
 *   <li>audio: 20 ms of 48 kHz per packet at 50 packets/s (the timestamp step follows the
 *       rate), no marker.</li>
 * </ul>
 * Packets are spread evenly in time rather than sent in per-frame bursts, which keeps socket
 * buffers from overflowing at the high rates of a throughput ramp.
 *
 * <p>Not thread-safe: confined to the publisher's event loop. Allocation-free per packet.
 */
final class SyntheticStream {

    /** Payload type of Opus in our offer. */
    static final int OPUS_PT = 111;
    /** Payload type of VP8 in our offer. */
    static final int VP8_PT = 96;
    /** The extmap id of {@code urn:ietf:params:rtp-hdrext:sdes:mid} in our offer. */
    static final int MID_EXTENSION_ID = 4;
    /** Fixed RTP header plus the extension block (4-byte header, one word for a 1-3 character mid). */
    private static final int RTP_HEADER = 12;
    /** Synthetic payload bytes (random, so nothing compresses or special-cases them). */
    private static final byte[] FILLER = new byte[1500];

    static {
        new SplittableRandom(7).nextBytes(FILLER);
    }

    private final MediaKind kind;
    private final String mid;
    private final long ssrc;
    private final int payloadBytes;
    private final long intervalNanos;
    private final int packetsPerFrame;
    private final int timestampStep;
    private final int keyframeIntervalFrames;
    private final byte[] midBytes;
    private final int extensionWords;
    private long startNanos;
    private long sent;
    private long slips;
    private int sequence;
    private long timestamp;
    private int packetInFrame;
    private long frames;
    private int pictureId;
    private boolean keyframeRequested;
    private long keyframes;

    /**
     * @param kind                   audio (Opus) or video (VP8)
     * @param mid                    the m-line's mid, written into every packet (1-3 characters)
     * @param ssrc                   the SSRC announced in the SDP
     * @param packetsPerSecond       pacing rate, at least 1
     * @param payloadBytes           RTP payload size (the VP8 descriptor and headers included)
     * @param framesPerSecond        video frame rate (frames split into rate / fps packets); ignored for audio
     * @param keyframeIntervalFrames a key frame every this many frames (video), 0 for only on request
     * @param seed                   initial sequence number, timestamp and picture id
     */
    SyntheticStream(MediaKind kind, String mid, long ssrc, int packetsPerSecond, int payloadBytes, int framesPerSecond,
            int keyframeIntervalFrames, long seed) {
        if (packetsPerSecond < 1) {
            throw new IllegalArgumentException("packets per second must be at least 1, got " + packetsPerSecond);
        }
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        if (midBytes.length < 1 || midBytes.length > 3) {
            throw new IllegalArgumentException("mid must have 1-3 characters to fit one extension word: " + mid);
        }
        int minPayload = kind == MediaKind.VIDEO ? 20 : 1;
        if (payloadBytes < minPayload || payloadBytes > FILLER.length) {
            throw new IllegalArgumentException(kind + " payload must be " + minPayload + "-" + FILLER.length
                    + " bytes, got " + payloadBytes);
        }
        this.kind = kind;
        this.mid = mid;
        this.ssrc = ssrc;
        this.payloadBytes = payloadBytes;
        this.intervalNanos = 1_000_000_000L / packetsPerSecond;
        this.extensionWords = 1;
        if (kind == MediaKind.VIDEO) {
            int fps = Math.max(1, Math.min(framesPerSecond, packetsPerSecond));
            this.packetsPerFrame = Math.max(1, Math.round((float) packetsPerSecond / fps));
            this.timestampStep = 90_000 / fps;
        } else {
            this.packetsPerFrame = 1;
            this.timestampStep = Math.max(1, 48_000 / packetsPerSecond);
        }
        this.keyframeIntervalFrames = keyframeIntervalFrames;
        SplittableRandom random = new SplittableRandom(seed);
        this.sequence = random.nextInt(0x10000);
        this.timestamp = random.nextLong(0x1_0000_0000L);
        this.pictureId = random.nextInt(0x8000);
    }

    MediaKind kind() {
        return kind;
    }

    String mid() {
        return mid;
    }

    long ssrc() {
        return ssrc;
    }

    /** Packets written so far. */
    long sent() {
        return sent;
    }

    /** Times the sender fell more than {@link #maxBurst} packets behind and skipped ahead. */
    long slips() {
        return slips;
    }

    long keyframes() {
        return keyframes;
    }

    /** Starts the pacing clock; the first packet is due at once. */
    void start(long nowNanos) {
        startNanos = nowNanos;
        sent = 0;
    }

    /** The next frame starts with a key frame (a PLI or FIR arrived). */
    void requestKeyframe() {
        keyframeRequested = true;
    }

    /**
     * Packets due at {@code nowNanos} that have not been written yet. If the loop stalled for
     * more than {@link #maxBurst} packets, the pacing clock skips ahead instead of bursting.
     */
    int due(long nowNanos) {
        long target = (nowNanos - startNanos) / intervalNanos + 1;
        long behind = target - sent;
        int max = maxBurst();
        if (behind > max) {
            slips++;
            startNanos += (behind - max) * intervalNanos;
            behind = max;
        }
        return behind <= 0 ? 0 : (int) behind;
    }

    /** Most packets written in one go: 20 ms worth, at least 4. */
    private int maxBurst() {
        return (int) Math.max(4, 20_000_000L / intervalNanos);
    }

    /**
     * Writes the next packet at {@code buf[off]} and returns its length. The caller protects it
     * in place, so {@code buf} needs the SRTP trailer's room after it.
     */
    int writeNext(byte[] buf, int off) {
        boolean frameStart = packetInFrame == 0;
        boolean frameEnd = packetInFrame == packetsPerFrame - 1;
        boolean video = kind == MediaKind.VIDEO;
        int pt = video ? VP8_PT : OPUS_PT;
        buf[off] = (byte) 0x90; // V=2, no padding, X=1 (extension), CC=0.
        buf[off + 1] = (byte) ((video && frameEnd ? 0x80 : 0) | pt);
        put16(buf, off + 2, sequence);
        put32(buf, off + 4, timestamp);
        put32(buf, off + 8, ssrc);
        int p = off + RTP_HEADER;
        // RFC 8285 §4.2: 0xBEDE, length in words, then ID/len-1 and the mid, zero padded.
        put16(buf, p, 0xBEDE);
        put16(buf, p + 2, extensionWords);
        buf[p + 4] = (byte) ((MID_EXTENSION_ID << 4) | (midBytes.length - 1));
        for (int i = 0; i < 3; i++) {
            buf[p + 5 + i] = i < midBytes.length ? midBytes[i] : 0;
        }
        p += 4 + 4 * extensionWords;
        int payloadStart = p;
        if (video) {
            // RFC 7741 §4.2: X=1, S on a frame's first packet, PID 0; I=1; M=1 with a 15-bit picture id.
            buf[p] = (byte) (frameStart ? 0x90 : 0x80);
            buf[p + 1] = (byte) 0x80;
            buf[p + 2] = (byte) (0x80 | (pictureId >> 8));
            buf[p + 3] = (byte) pictureId;
            p += 4;
            if (frameStart) {
                boolean key = keyframeRequested || keyframeIntervalFrames > 0 && frames % keyframeIntervalFrames == 0;
                if (key) {
                    keyframeRequested = false;
                    keyframes++;
                }
                p = writeVp8PayloadHeader(buf, p, key);
            }
        }
        int fill = payloadBytes - (p - payloadStart);
        if (fill > 0) {
            System.arraycopy(FILLER, 0, buf, p, fill);
            p += fill;
        }
        advance(frameEnd);
        return p - off;
    }

    /** RFC 7741 §4.3 and RFC 6386 §9.1: 3-byte frame tag, and for key frames the start code and size. */
    private static int writeVp8PayloadHeader(byte[] buf, int p, boolean key) {
        // Size0=0, show_frame (H)=1, version 0, P: 0 for a key frame, 1 for an inter frame.
        buf[p] = (byte) (key ? 0x10 : 0x11);
        buf[p + 1] = 0;
        buf[p + 2] = 0;
        p += 3;
        if (key) {
            buf[p] = (byte) 0x9D;
            buf[p + 1] = 0x01;
            buf[p + 2] = 0x2A;
            // 14-bit width and height, little-endian, scale 0: 640x480.
            buf[p + 3] = (byte) (640 & 0xFF);
            buf[p + 4] = (byte) (640 >> 8);
            buf[p + 5] = (byte) (480 & 0xFF);
            buf[p + 6] = (byte) (480 >> 8);
            p += 7;
        }
        return p;
    }

    private void advance(boolean frameEnd) {
        sent++;
        sequence = (sequence + 1) & 0xFFFF;
        if (kind == MediaKind.VIDEO) {
            if (frameEnd) {
                packetInFrame = 0;
                frames++;
                pictureId = (pictureId + 1) & 0x7FFF;
                timestamp = (timestamp + timestampStep) & 0xFFFF_FFFFL;
            } else {
                packetInFrame++;
            }
        } else {
            timestamp = (timestamp + timestampStep) & 0xFFFF_FFFFL;
        }
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
