package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.media.rtp.SequenceNumbers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The VP8 frames of a recording (RFC 7741), assembled the way {@code janus-pp-rec} does
 * ({@code src/postprocessing/pp-webm.c}): a frame is the run of packets with the same timestamp (the
 * marker bit is not mandatory and may be lost), each packet's VP8 payload descriptor is stripped and
 * the rest concatenated.
 *
 * <ul>
 *   <li>Keyframe: the first packet of the frame starts partition 0 (S=1, PID=0) and the P bit of the VP8
 *       frame tag is 0 (RFC 7741 §4.3). Width and height come from the keyframe header (RFC 6386
 *       §9.1: start code {@code 9d 01 2a}, then 14-bit width and height).</li>
 *   <li>Frames before the first keyframe cannot be decoded and are skipped (counted).</li>
 *   <li>A frame with a sequence gap inside it, or without its first packet, is still written (as Janus
 *       does; the decoder conceals) and counted as incomplete.</li>
 * </ul>
 */
public final class Vp8FrameSource implements FrameSource {

    private final Recording recording;
    private final List<IndexedPacket> packets;
    private final byte[] scratch = new byte[PacketOrderer.MAX_RTP_LENGTH];
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
    private final long base;
    private int index;
    private boolean keyframeSeen;
    private int width;
    private int height;
    private long frames;
    private long keyframes;
    private long skippedBeforeKeyframe;
    private long incomplete;
    private long malformed;

    /** @param recording a VP8 recording */
    public Vp8FrameSource(Recording recording) {
        this.recording = recording;
        this.packets = recording.ordered().packets();
        this.base = packets.isEmpty() ? 0 : packets.get(0).extendedTs();
    }

    @Override
    public int clockRate() {
        return 90_000;
    }

    @Override
    public long packetsConsumed() {
        return index;
    }

    @Override
    public EncodedFrame next() throws IOException {
        while (index < packets.size()) {
            long ts = packets.get(index).extendedTs();
            frame.reset();
            boolean startsFrame = false;
            boolean complete = true;
            boolean first = true;
            int prevSeq = 0;
            int frameTagAt = -1;
            while (index < packets.size() && packets.get(index).extendedTs() == ts) {
                IndexedPacket p = packets.get(index++);
                if (!first && SequenceNumbers.diff(p.seq(), prevSeq) != 1) {
                    complete = false;
                }
                prevSeq = p.seq();
                int len = p.payloadLength();
                recording.readPayload(p, scratch);
                int skip = descriptorLength(scratch, len);
                if (skip < 0 || skip >= len) {
                    malformed++;
                    complete = false;
                    first = false;
                    continue;
                }
                boolean partitionStart = (scratch[0] & 0x10) != 0 && (scratch[0] & 0x07) == 0;
                if (first && partitionStart) {
                    startsFrame = true;
                    frameTagAt = frame.size();
                }
                frame.write(scratch, skip, len - skip);
                first = false;
            }
            if (frame.size() == 0) {
                continue;
            }
            byte[] data = frame.toByteArray();
            boolean key = startsFrame && (data[frameTagAt] & 0x01) == 0;
            if (!startsFrame) {
                complete = false;
            }
            if (!keyframeSeen && !key) {
                skippedBeforeKeyframe++;
                continue;
            }
            if (key) {
                keyframeSeen = true;
                keyframes++;
                if (width == 0 && data.length >= frameTagAt + 10
                        && (data[frameTagAt + 3] & 0xFF) == 0x9D && (data[frameTagAt + 4] & 0xFF) == 0x01
                        && (data[frameTagAt + 5] & 0xFF) == 0x2A) {
                    width = ((data[frameTagAt + 6] & 0xFF) | ((data[frameTagAt + 7] & 0xFF) << 8)) & 0x3FFF;
                    height = ((data[frameTagAt + 8] & 0xFF) | ((data[frameTagAt + 9] & 0xFF) << 8)) & 0x3FFF;
                }
            }
            if (!complete) {
                incomplete++;
            }
            frames++;
            return new EncodedFrame(ts - base, 0, data, key, false);
        }
        return null;
    }

    /**
     * Length of the VP8 payload descriptor at the start of {@code p} (RFC 7741 §4.2), or -1 if it does
     * not fit in {@code len} bytes.
     */
    static int descriptorLength(byte[] p, int len) {
        if (len < 1) {
            return -1;
        }
        int pos = 1;
        if ((p[0] & 0x80) != 0) {
            if (len < 2) {
                return -1;
            }
            int x = p[1] & 0xFF;
            pos = 2;
            if ((x & 0x80) != 0) {
                if (pos >= len) {
                    return -1;
                }
                pos += (p[pos] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                pos++;
            }
            if ((x & 0x30) != 0) {
                pos++;
            }
        }
        return pos <= len ? pos : -1;
    }

    /** Width from the first keyframe, or 0 before one was read. */
    public int width() {
        return width;
    }

    /** Height from the first keyframe, or 0 before one was read. */
    public int height() {
        return height;
    }

    /** Frames returned. */
    public long frames() {
        return frames;
    }

    /** Keyframes returned. */
    public long keyframes() {
        return keyframes;
    }

    /** Frames skipped because no keyframe came before them. */
    public long skippedBeforeKeyframe() {
        return skippedBeforeKeyframe;
    }

    /** Frames written with missing packets. */
    public long incomplete() {
        return incomplete;
    }

    /** Packets whose payload descriptor was malformed. */
    public long malformed() {
        return malformed;
    }
}
