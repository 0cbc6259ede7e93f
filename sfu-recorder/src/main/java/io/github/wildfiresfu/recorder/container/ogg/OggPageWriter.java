package io.github.wildfiresfu.recorder.container.ogg;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes one logical Ogg bitstream (RFC 3533): packets are collected into pages, each page has the
 * 27-byte header, a segment table of lacing values and the CRC-32 of RFC 3533 §6 (polynomial
 * 0x04C11DB7, not reflected, initial value 0, no final XOR).
 *
 * <p>A page is written when {@link #flushPage} is called or when the next packet would need more than
 * 255 lacing values. A packet that does not fit in what is left of a page continues on the next page
 * (continued-packet flag), so packets of any size are accepted. The caller decides page boundaries and
 * gives each page its granule position: the codec mapping defines it (RFC 7845 §4 for Opus).
 *
 * <p>Not thread-safe.
 */
public final class OggPageWriter {

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
            }
            CRC_TABLE[i] = r;
        }
    }

    private final OutputStream out;
    private final int serial;
    private int pageSequence;
    private boolean firstPage = true;
    private boolean continued;
    private final byte[] lacing = new byte[255];
    private int segments;
    private byte[] body = new byte[8192];
    private int bodyLength;
    private int packetsEndingInPage;
    private long bytesWritten;

    /** @param serial the bitstream serial number (any value; unique among the file's streams) */
    public OggPageWriter(OutputStream out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /**
     * Adds a packet to the current page. If it needs more lacing values than the page has left, the page
     * is written with {@code granuleIfSplit} (which must then be the granule of the last packet that
     * ends in it, or -1 if none does) and the packet continues on the next page.
     */
    public void addPacket(byte[] data, int off, int len, long granuleIfSplit) throws IOException {
        int pos = off;
        int left = len;
        for (;;) {
            // Lacing: 255 for each full 255-byte chunk, then the remainder (0..254) ends the packet.
            while (left >= 255 && segments < 255) {
                lacing[segments++] = (byte) 255;
                append(data, pos, 255);
                pos += 255;
                left -= 255;
            }
            if (segments < 255) {
                lacing[segments++] = (byte) left;
                append(data, pos, left);
                packetsEndingInPage++;
                return;
            }
            writePage(packetsEndingInPage > 0 ? granuleIfSplit : -1, false);
            continued = true;
        }
    }

    /** Segments left on the current page. */
    public int segmentsLeft() {
        return 255 - segments;
    }

    /** Bytes of packet data on the current page. */
    public int pageBodyLength() {
        return bodyLength;
    }

    /** Whether the current page holds anything. */
    public boolean hasPendingData() {
        return segments > 0;
    }

    /**
     * Writes the current page.
     *
     * @param granule granule position of the last packet that ends on this page
     * @param last    sets end-of-stream (the last page of the stream)
     */
    public void flushPage(long granule, boolean last) throws IOException {
        writePage(granule, last);
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void append(byte[] data, int pos, int n) {
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
        }
        System.arraycopy(data, pos, body, bodyLength, n);
        bodyLength += n;
    }

    private void writePage(long granule, boolean last) throws IOException {
        byte[] header = new byte[27 + segments];
        header[0] = 'O';
        header[1] = 'g';
        header[2] = 'g';
        header[3] = 'S';
        header[4] = 0;
        int flags = (continued ? 0x01 : 0) | (firstPage ? 0x02 : 0) | (last ? 0x04 : 0);
        header[5] = (byte) flags;
        putLe64(header, 6, granule);
        putLe32(header, 14, serial);
        putLe32(header, 18, pageSequence++);
        // CRC field (22..25) is zero while computing.
        header[26] = (byte) segments;
        System.arraycopy(lacing, 0, header, 27, segments);
        int crc = crc(0, header, 0, header.length);
        crc = crc(crc, body, 0, bodyLength);
        putLe32(header, 22, crc);
        out.write(header);
        out.write(body, 0, bodyLength);
        bytesWritten += header.length + bodyLength;
        firstPage = false;
        continued = false;
        segments = 0;
        bodyLength = 0;
        packetsEndingInPage = 0;
    }

    /** RFC 3533 CRC-32 over {@code b[off..off+len)}, continuing from {@code crc}. */
    static int crc(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
        }
        return crc;
    }

    private static void putLe32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void putLe64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
