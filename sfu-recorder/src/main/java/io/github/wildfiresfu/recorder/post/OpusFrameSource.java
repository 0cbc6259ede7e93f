package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.media.rtp.SequenceNumbers;
import io.github.wildfiresfu.recorder.container.ogg.OpusToc;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The Opus packets of a recording as a gapless sequence, the way {@code janus-pp-rec} prepares them
 * ({@code src/postprocessing/pp-opus.c}): every packet is placed right after the previous one, and where
 * the RTP timestamps leave a gap of 20 ms or more, silence frames fill it so that audio stays in time
 * with the RTP clock (and with video).
 *
 * <ul>
 *   <li>A gap with a sequence-number gap is packet loss; a gap with consecutive sequence numbers is DTX
 *       (the sender stopped sending during silence). Both are filled with silence. {@code janus-pp-rec}
 *       also drops the packet after a DTX gap; we keep it, since it is the first packet of renewed
 *       sound (or comfort noise) and it sits at its right time either way.</li>
 *   <li>Silence is made of 20 ms CELT frames, then 10/5/2.5 ms ones for the rest, so a gap is filled to
 *       within 2.5 ms. ({@code janus-pp-rec} assumes 20 ms packets throughout; we read each packet's
 *       duration from its TOC byte, RFC 6716 §3.1.)</li>
 *   <li>With Opus RED (RFC 2198, header {@code or}), the primary block is used, and a redundant block
 *       fills a gap where the packet it repeats was lost.</li>
 *   <li>Malformed packets (no valid TOC) and packets that would overlap what is already placed by more
 *       than half their length are dropped and counted.</li>
 * </ul>
 */
public final class OpusFrameSource implements FrameSource {

    /** 20 ms at 48 kHz. */
    static final int FRAME_20MS = 960;

    /**
     * A CELT-only fullband mono frame whose range-coded data sets the silence flag (RFC 6716 §4.3):
     * TOC configurations 31, 30, 29, 28 (20, 10, 5, 2.5 ms), frame count code 0, payload FF FE.
     */
    private static final byte[][] SILENCE = {
        {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE},
        {(byte) 0xF0, (byte) 0xFF, (byte) 0xFE},
        {(byte) 0xE8, (byte) 0xFF, (byte) 0xFE},
        {(byte) 0xE0, (byte) 0xFF, (byte) 0xFE},
    };
    private static final int[] SILENCE_SAMPLES = {960, 480, 240, 120};

    private final Recording recording;
    private final List<IndexedPacket> packets;
    private final int redPayloadType;
    private final ArrayDeque<EncodedFrame> pending = new ArrayDeque<>();
    private final byte[] scratch = new byte[PacketOrderer.MAX_RTP_LENGTH];
    private final long base;
    private int index;
    private long nextPts;
    private boolean started;
    private int prevSeq;

    private long silenceFrames;
    private long silenceSamples;
    private long dtxGaps;
    private long lossGaps;
    private long redRecovered;
    private long malformed;
    private long overlapping;

    /** @param recording an Opus recording (its header's {@code or} enables RED decapsulation) */
    public OpusFrameSource(Recording recording) {
        this(recording, null);
    }

    /**
     * @param recording   an Opus recording (its header's {@code or} enables RED decapsulation)
     * @param corrections per packet, ticks to add to its place ({@link AudioSkew}), or null for none; a
     *                    larger correction opens a gap that silence fills, a smaller one makes packets
     *                    overlap what is placed, and they are dropped
     */
    public OpusFrameSource(Recording recording, long[] corrections) {
        this.recording = recording;
        this.packets = recording.ordered().packets();
        this.redPayloadType = recording.header().opusRedPayloadType();
        this.base = packets.isEmpty() ? 0 : packets.get(0).extendedTs();
        if (corrections != null && corrections.length != packets.size()) {
            throw new IllegalArgumentException(corrections.length + " corrections for " + packets.size() + " packets");
        }
        this.corrections = corrections;
    }

    private final long[] corrections;
    private long skewSteps;
    private long lastCorrection;
    /** Whether the packet being placed is the first with a new correction (its gap is not DTX or loss). */
    private boolean skewJump;
    private long skewSilenceSamples;

    @Override
    public int clockRate() {
        return 48_000;
    }

    @Override
    public long packetsConsumed() {
        return index;
    }

    @Override
    public EncodedFrame next() throws IOException {
        while (pending.isEmpty() && index < packets.size()) {
            long correction = corrections == null ? 0 : corrections[index];
            skewJump = correction != lastCorrection;
            if (skewJump) {
                skewSteps++;
                lastCorrection = correction;
            }
            place(packets.get(index++), correction);
        }
        return pending.poll();
    }

    private void place(IndexedPacket p, long correction) throws IOException {
        int len = p.payloadLength();
        recording.readPayload(p, scratch);
        long offset = p.extendedTs() - base + correction;
        int primaryOff = 0;
        int primaryLen = len;
        if (redPayloadType > 0 && p.payloadType() == redPayloadType) {
            int[] blocks = parseRed(scratch, len);
            if (blocks == null) {
                malformed++;
                return;
            }
            // blocks: [count, then per redundant block: tsOffset, off, len], primary off/len last.
            int count = blocks[0];
            for (int b = 0; b < count; b++) {
                long t = offset - blocks[1 + 3 * b];
                int off = blocks[2 + 3 * b];
                int blen = blocks[3 + 3 * b];
                int samples = OpusToc.samples(scratch, off, blen);
                // Only where nothing is placed yet: not overlapping what came before by more than half a
                // packet, and ending before the primary block.
                if (started && samples > 0 && t >= nextPts - samples / 2 && t + samples <= offset + samples / 2) {
                    fillSilence(t);
                    emit(scratch, off, blen, samples, false);
                    redRecovered++;
                }
            }
            primaryOff = blocks[1 + 3 * count];
            primaryLen = blocks[2 + 3 * count];
        }
        int samples = OpusToc.samples(scratch, primaryOff, primaryLen);
        if (samples <= 0) {
            malformed++;
            return;
        }
        if (!started) {
            started = true;
            nextPts = offset;
        } else {
            long gap = offset - nextPts;
            if (gap >= FRAME_20MS) {
                long before = silenceSamples;
                if (skewJump && gap <= correctionStep()) {
                    fillSilence(offset);
                    skewSilenceSamples += silenceSamples - before;
                } else {
                    if (SequenceNumbers.diff(p.seq(), prevSeq) == 1) {
                        dtxGaps++;
                    } else {
                        lossGaps++;
                    }
                    fillSilence(offset);
                }
            } else if (gap < -(samples / 2)) {
                overlapping++;
                return;
            }
        }
        prevSeq = p.seq();
        emit(scratch, primaryOff, primaryLen, samples, false);
    }

    private void emit(byte[] b, int off, int len, int samples, boolean filler) {
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        pending.add(new EncodedFrame(nextPts, samples, copy, true, filler));
        nextPts += samples;
    }

    /** Silence from {@link #nextPts} up to {@code until}, in the largest frames that fit. */
    private void fillSilence(long until) {
        for (int k = 0; k < SILENCE.length; k++) {
            while (until - nextPts >= SILENCE_SAMPLES[k]) {
                emit(SILENCE[k], 0, SILENCE[k].length, SILENCE_SAMPLES[k], true);
                silenceFrames++;
                silenceSamples += SILENCE_SAMPLES[k];
            }
        }
    }

    /**
     * Parses an RFC 2198 RED payload. Returns {count, (tsOffset, off, len) per redundant block, primary
     * off, primary len}, or null if the block lengths do not fit the payload.
     */
    static int[] parseRed(byte[] p, int len) {
        int pos = 0;
        int count = 0;
        int[] headers = new int[2 * 32];
        for (;;) {
            if (pos >= len) {
                return null;
            }
            int b = p[pos] & 0xFF;
            if ((b & 0x80) == 0) {
                pos++;
                break;
            }
            if (pos + 4 > len || count == 32) {
                return null;
            }
            int tsOffset = ((p[pos + 1] & 0xFF) << 6) | ((p[pos + 2] & 0xFF) >>> 2);
            int blockLength = ((p[pos + 2] & 0x03) << 8) | (p[pos + 3] & 0xFF);
            headers[2 * count] = tsOffset;
            headers[2 * count + 1] = blockLength;
            count++;
            pos += 4;
        }
        int[] out = new int[1 + 3 * count + 2];
        out[0] = count;
        for (int i = 0; i < count; i++) {
            int blen = headers[2 * i + 1];
            if (pos + blen > len) {
                return null;
            }
            out[1 + 3 * i] = headers[2 * i];
            out[2 + 3 * i] = pos;
            out[3 + 3 * i] = blen;
            pos += blen;
        }
        out[1 + 3 * count] = pos;
        out[2 + 3 * count] = len - pos;
        return out;
    }

    /** How much the correction grew at the packet being placed (0 unless it grew). */
    private long correctionStep() {
        long previous = index >= 2 && corrections != null ? corrections[index - 2] : 0;
        return Math.max(0, lastCorrection - previous);
    }

    /** Samples of silence inserted for skew corrections (part of {@link #silenceSamples()}). */
    public long skewSilenceSamples() {
        return skewSilenceSamples;
    }

    /** Times the skew correction changed ({@link AudioSkew}). */
    public long skewSteps() {
        return skewSteps;
    }

    /** The skew correction in force at the end, in ticks. */
    public long finalSkew() {
        return lastCorrection;
    }

    /** Silence frames inserted. */
    public long silenceFrames() {
        return silenceFrames;
    }

    /** Samples of silence inserted. */
    public long silenceSamples() {
        return silenceSamples;
    }

    /** Gaps with consecutive sequence numbers (DTX). */
    public long dtxGaps() {
        return dtxGaps;
    }

    /** Gaps where packets were lost. */
    public long lossGaps() {
        return lossGaps;
    }

    /** Lost packets restored from RED redundancy. */
    public long redRecovered() {
        return redRecovered;
    }

    /** Packets dropped as malformed. */
    public long malformed() {
        return malformed;
    }

    /** Packets dropped because they overlapped audio already placed. */
    public long overlapping() {
        return overlapping;
    }
}
