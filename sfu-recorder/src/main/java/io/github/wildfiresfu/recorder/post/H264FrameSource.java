package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.media.rtp.SequenceNumbers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The H.264 access units of a recording (RFC 6184), assembled as {@code janus-pp-rec} does
 * ({@code src/postprocessing/pp-h264.c}): one frame per timestamp; single NAL unit packets (types 1–23)
 * are taken as they are, STAP-A (24) is split into its NAL units, FU-A (28) fragments are joined. Each
 * frame comes out in MP4 sample form: every NAL unit prefixed with its 4-byte length (ISO/IEC 14496-15).
 *
 * <ul>
 *   <li>The latest SPS (7) and PPS (8) are kept for the MP4 sample description; the picture size
 *       comes from the first SPS ({@link H264Sps}).</li>
 *   <li>A frame with an IDR slice (5) is a keyframe. Frames before the first keyframe with SPS and PPS
 *       known are skipped (counted).</li>
 *   <li>A frame with a sequence gap, or an FU-A without its start or end, is written with what
 *       arrived and counted as incomplete; an unfinished fragment is left out.</li>
 *   <li>STAP-B, MTAP and FU-B (interleaved mode, not used by WebRTC) are ignored and counted.</li>
 * </ul>
 */
public final class H264FrameSource implements FrameSource {

    private final Recording recording;
    private final List<IndexedPacket> packets;
    private final byte[] scratch = new byte[PacketOrderer.MAX_RTP_LENGTH];
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream(64 * 1024);
    private final ByteArrayOutputStream sample = new ByteArrayOutputStream(64 * 1024);
    private final long base;
    private int index;
    private byte[] sps;
    private byte[] pps;
    private int width;
    private int height;
    private boolean keyframeSeen;
    private long skippedBeforeKeyframe;
    private long incomplete;
    private long unsupported;
    private long frames;

    /** @param recording an H.264 recording (packetization-mode 0 or 1) */
    public H264FrameSource(Recording recording) {
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
            List<byte[]> nals = new ArrayList<>();
            boolean complete = true;
            boolean inFragment = false;
            boolean first = true;
            int prevSeq = 0;
            while (index < packets.size() && packets.get(index).extendedTs() == ts) {
                IndexedPacket p = packets.get(index++);
                if (!first && SequenceNumbers.diff(p.seq(), prevSeq) != 1) {
                    complete = false;
                    if (inFragment) {
                        // The rest of this fragmented NAL unit is missing: drop what we have of it.
                        inFragment = false;
                        fragment.reset();
                    }
                }
                first = false;
                prevSeq = p.seq();
                int len = p.payloadLength();
                recording.readPayload(p, scratch);
                int type = scratch[0] & 0x1F;
                if (type >= 1 && type <= 23) {
                    nals.add(java.util.Arrays.copyOf(scratch, len));
                } else if (type == 24) {
                    int pos = 1;
                    while (pos + 2 <= len) {
                        int size = ((scratch[pos] & 0xFF) << 8) | (scratch[pos + 1] & 0xFF);
                        pos += 2;
                        if (size == 0 || pos + size > len) {
                            complete = false;
                            break;
                        }
                        nals.add(java.util.Arrays.copyOfRange(scratch, pos, pos + size));
                        pos += size;
                    }
                } else if (type == 28) {
                    if (len < 3) {
                        complete = false;
                        continue;
                    }
                    int fuHeader = scratch[1] & 0xFF;
                    boolean start = (fuHeader & 0x80) != 0;
                    boolean end = (fuHeader & 0x40) != 0;
                    if (start) {
                        if (inFragment) {
                            complete = false;
                        }
                        fragment.reset();
                        fragment.write((scratch[0] & 0xE0) | (fuHeader & 0x1F));
                        inFragment = true;
                    } else if (!inFragment) {
                        complete = false;
                        continue;
                    }
                    fragment.write(scratch, 2, len - 2);
                    if (end) {
                        nals.add(fragment.toByteArray());
                        inFragment = false;
                    }
                } else {
                    unsupported++;
                }
            }
            if (inFragment) {
                complete = false;
                fragment.reset();
            }
            boolean idr = false;
            sample.reset();
            for (byte[] nal : nals) {
                int type = nal[0] & 0x1F;
                if (type == 7) {
                    if (sps == null) {
                        H264Sps parsed = H264Sps.parse(nal, 0, nal.length);
                        if (parsed != null) {
                            width = parsed.width();
                            height = parsed.height();
                        }
                    }
                    sps = nal;
                } else if (type == 8) {
                    pps = nal;
                } else if (type == 5) {
                    idr = true;
                }
                sample.write(nal.length >>> 24);
                sample.write(nal.length >>> 16);
                sample.write(nal.length >>> 8);
                sample.write(nal.length);
                sample.write(nal, 0, nal.length);
            }
            if (sample.size() == 0) {
                continue;
            }
            boolean key = idr && sps != null && pps != null;
            if (!keyframeSeen && !key) {
                skippedBeforeKeyframe++;
                continue;
            }
            keyframeSeen = true;
            if (!complete) {
                incomplete++;
            }
            frames++;
            return new EncodedFrame(ts - base, 0, sample.toByteArray(), idr, false);
        }
        return null;
    }

    /** The latest SPS seen (NAL unit with header), or null; the picture size comes from the first. */
    public byte[] sps() {
        return sps;
    }

    /** The latest PPS seen (NAL unit with header), or null. */
    public byte[] pps() {
        return pps;
    }

    /** Width from the first SPS, or 0. */
    public int width() {
        return width;
    }

    /** Height from the first SPS, or 0. */
    public int height() {
        return height;
    }

    /** Frames skipped because no keyframe came before them. */
    public long skippedBeforeKeyframe() {
        return skippedBeforeKeyframe;
    }

    /** Frames written with missing packets. */
    public long incomplete() {
        return incomplete;
    }

    /** Packets of unsupported packetization types. */
    public long unsupportedPackets() {
        return unsupported;
    }

    /** Frames returned. */
    public long frames() {
        return frames;
    }
}
