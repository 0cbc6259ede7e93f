package io.github.wildfiresfu.recorder.container.mp4;

import io.github.wildfiresfu.recorder.container.SeekableOutput;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes an MP4 file (ISO/IEC 14496-12) with one H.264 video track (ISO/IEC 14496-15 {@code avc1}):
 * <pre>
 * ftyp  isom (iso2, avc1, mp41)
 * mdat  64-bit size, patched on close; samples in decoding order
 * moov  mvhd, trak (tkhd, mdia (mdhd, hdlr, minf (vmhd, dinf, stbl (stsd/avc1/avcC, stts, stss, stsc, stsz, co64)))))
 * </pre>
 * Samples are access units in length-prefixed form. Each sample is its own chunk (so {@code stsc} has one
 * entry); sample durations come from the difference to the next sample's time, the last one repeats the
 * one before. WebRTC H.264 has no B-frames, so there is no composition offset table.
 *
 * <p>We write the boxes ourselves rather than depend on an MP4 library: this one track layout is about
 * two hundred lines, and the maintained Java muxers (mp4parser, JCodec) are large and rarely released.
 * Not thread-safe.
 */
public final class Mp4Writer implements Closeable {

    private final SeekableOutput out;
    private final int timescale;
    private final int width;
    private final int height;
    private final byte[] sps;
    private final byte[] pps;
    private final long mdatStart;
    private long[] offsets = new long[1024];
    private int[] sizes = new int[1024];
    private long[] times = new long[1024];
    private int[] syncSamples = new int[64];
    private int syncCount;
    private int count;
    private long durationTicks;
    private boolean closed;

    /**
     * Writes {@code ftyp} and the {@code mdat} header.
     *
     * @param timescale ticks per second of sample times (90000 for RTP video)
     * @param sps       sequence parameter set NAL unit (with its header byte) for {@code avcC}
     * @param pps       picture parameter set NAL unit for {@code avcC}
     */
    public Mp4Writer(SeekableOutput out, int timescale, int width, int height, byte[] sps, byte[] pps)
            throws IOException {
        if (sps == null || sps.length < 4 || pps == null || pps.length < 1) {
            throw new IllegalArgumentException("an H.264 MP4 track needs an SPS (4+ bytes) and a PPS");
        }
        this.out = out;
        this.timescale = timescale;
        this.width = width;
        this.height = height;
        this.sps = sps.clone();
        this.pps = pps.clone();
        Box ftyp = new Box("ftyp").fourcc("isom").u32(512).fourcc("isom").fourcc("iso2").fourcc("avc1").fourcc("mp41");
        out.write(ftyp.bytes());
        mdatStart = out.position();
        // size 1 = a 64-bit size follows the type; patched on close.
        Box mdat = new Box(null).u32(1).fourcc("mdat").u64(0);
        out.write(mdat.raw());
    }

    /**
     * Appends one sample.
     *
     * @param time     decoding (= presentation) time in timescale ticks, increasing
     * @param sample   the access unit, NAL units with 4-byte length prefixes
     * @param keyframe whether it is a sync sample (IDR)
     */
    public void writeSample(long time, byte[] sample, boolean keyframe) throws IOException {
        if (closed) {
            throw new IllegalStateException("MP4 writer is closed");
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
            times = Arrays.copyOf(times, count * 2);
        }
        offsets[count] = out.position();
        sizes[count] = sample.length;
        times[count] = time;
        count++;
        if (keyframe) {
            if (syncCount == syncSamples.length) {
                syncSamples = Arrays.copyOf(syncSamples, syncCount * 2);
            }
            syncSamples[syncCount++] = count;
        }
        out.write(sample);
    }

    /** Duration in timescale ticks, known after {@link #close()}. */
    public long durationTicks() {
        return durationTicks;
    }

    /** Patches the {@code mdat} size, writes {@code moov} and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long mdatEnd = out.position();
            out.patch(mdatStart + 8, new Box(null).u64(mdatEnd - mdatStart).raw());
            out.write(moov().bytes());
        } finally {
            out.close();
        }
    }

    private Box moov() {
        int[] deltas = new int[count];
        for (int i = 0; i < count; i++) {
            long d = i + 1 < count ? times[i + 1] - times[i] : (i > 0 ? deltas[i - 1] : timescale / 30);
            deltas[i] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, d));
            durationTicks += deltas[i];
        }
        long movieDuration = durationTicks * 1000 / timescale;
        Box mvhd = new Box("mvhd").u32(0).u32(0).u32(0).u32(1000).u32(movieDuration)
                .u32(0x0001_0000).u16(0x0100).u16(0).u32(0).u32(0).matrix().zeros(24).u32(2);
        Box tkhd = new Box("tkhd").u32(0x0000_0003).u32(0).u32(0).u32(1).u32(0).u32(movieDuration)
                .u32(0).u32(0).u16(0).u16(0).u16(0).u16(0).matrix().u32((long) width << 16).u32((long) height << 16);
        Box mdhd = new Box("mdhd").u32(0).u32(0).u32(0).u32(timescale).u32(durationTicks)
                .u16(0x55C4).u16(0); // Language "und", ISO 639-2/T packed.
        Box hdlr = new Box("hdlr").u32(0).u32(0).fourcc("vide").zeros(12).cstring("VideoHandler");
        Box vmhd = new Box("vmhd").u32(1).zeros(8);
        Box dinf = new Box("dinf").child(new Box("dref").u32(0).u32(1).child(new Box("url ").u32(1)));
        Box avcC = new Box("avcC").u8(1).u8(sps[1] & 0xFF).u8(sps[2] & 0xFF).u8(sps[3] & 0xFF)
                .u8(0xFF) // 6 reserved bits, lengthSizeMinusOne = 3.
                .u8(0xE1) // 3 reserved bits, one SPS.
                .u16(sps.length).bytes(sps).u8(1).u16(pps.length).bytes(pps);
        Box avc1 = new Box("avc1").zeros(6).u16(1).u16(0).u16(0).zeros(12).u16(width).u16(height)
                .u32(0x0048_0000).u32(0x0048_0000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF).child(avcC);
        Box stsd = new Box("stsd").u32(0).u32(1).child(avc1);
        Box stts = new Box("stts").u32(0);
        int runs = 0;
        ByteArrayOutputStream runBytes = new ByteArrayOutputStream();
        for (int i = 0; i < count; ) {
            int j = i;
            while (j < count && deltas[j] == deltas[i]) {
                j++;
            }
            writeU32(runBytes, j - i);
            writeU32(runBytes, deltas[i]);
            runs++;
            i = j;
        }
        stts.u32(runs).bytes(runBytes.toByteArray());
        Box stss = new Box("stss").u32(0).u32(syncCount);
        for (int i = 0; i < syncCount; i++) {
            stss.u32(syncSamples[i]);
        }
        Box stsc = new Box("stsc").u32(0).u32(1).u32(1).u32(1).u32(1);
        Box stsz = new Box("stsz").u32(0).u32(0).u32(count);
        for (int i = 0; i < count; i++) {
            stsz.u32(sizes[i]);
        }
        Box co64 = new Box("co64").u32(0).u32(count);
        for (int i = 0; i < count; i++) {
            co64.u64(offsets[i]);
        }
        Box stbl = new Box("stbl").child(stsd).child(stts).child(stss).child(stsc).child(stsz).child(co64);
        Box minf = new Box("minf").child(vmhd).child(dinf).child(stbl);
        Box mdia = new Box("mdia").child(mdhd).child(hdlr).child(minf);
        Box trak = new Box("trak").child(tkhd).child(mdia);
        return new Box("moov").child(mvhd).child(trak);
    }

    private static void writeU32(ByteArrayOutputStream o, long v) {
        o.write((int) (v >>> 24));
        o.write((int) (v >>> 16));
        o.write((int) (v >>> 8));
        o.write((int) v);
    }

    /** A box being built: type, then fields and children; {@link #bytes()} prefixes the 32-bit size. */
    private static final class Box {
        private final String type;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Box(String type) {
            this.type = type;
        }

        Box u8(int v) {
            body.write(v);
            return this;
        }

        Box u16(int v) {
            body.write(v >>> 8);
            body.write(v);
            return this;
        }

        Box u32(long v) {
            writeU32(body, v);
            return this;
        }

        Box u64(long v) {
            writeU32(body, v >>> 32);
            writeU32(body, v);
            return this;
        }

        Box fourcc(String s) {
            body.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Box cstring(String s) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
            return this;
        }

        Box zeros(int n) {
            body.writeBytes(new byte[n]);
            return this;
        }

        Box bytes(byte[] b) {
            body.writeBytes(b);
            return this;
        }

        /** The unity transformation matrix of mvhd/tkhd (16.16 and 2.30 fixed point). */
        Box matrix() {
            return u32(0x0001_0000).u32(0).u32(0).u32(0).u32(0x0001_0000).u32(0).u32(0).u32(0).u32(0x4000_0000);
        }

        Box child(Box b) {
            body.writeBytes(b.bytes());
            return this;
        }

        byte[] raw() {
            return body.toByteArray();
        }

        byte[] bytes() {
            byte[] content = body.toByteArray();
            ByteArrayOutputStream o = new ByteArrayOutputStream(content.length + 8);
            writeU32(o, content.length + 8L);
            o.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(content);
            return o.toByteArray();
        }
    }
}
