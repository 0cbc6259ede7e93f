package io.github.wildfiresfu.media.rtp;

import java.nio.charset.StandardCharsets;

/** Test fixture: VP8 RTP packets as browsers send them for simulcast (RFC 7741 payloads, RFC 8285/8852 extensions). */
public final class Vp8Packets {

    private Vp8Packets() {
    }

    /**
     * A VP8 packet: optional mid and rid (or repaired rid) one-byte extensions with the given ids,
     * a payload descriptor with a 15-bit PictureID, TL0PICIDX and TID (RFC 7741 §4.2), a keyframe
     * or delta payload header (§4.3) when {@code start}, and filler to 40 payload bytes.
     */
    public static byte[] build(long ssrc, int pt, int seq, long ts, boolean marker, int midId, String mid, int ridId,
            String rid, int pictureId, int tl0, int tid, boolean start, boolean key) {
        byte[] ext = new byte[0];
        if (mid != null || rid != null) {
            byte[] elements = new byte[16];
            int e = 0;
            if (mid != null) {
                elements[e++] = (byte) ((midId << 4) | (mid.length() - 1));
                for (byte c : mid.getBytes(StandardCharsets.US_ASCII)) {
                    elements[e++] = c;
                }
            }
            if (rid != null) {
                elements[e++] = (byte) ((ridId << 4) | (rid.length() - 1));
                for (byte c : rid.getBytes(StandardCharsets.US_ASCII)) {
                    elements[e++] = c;
                }
            }
            int words = (e + 3) / 4;
            ext = new byte[4 + 4 * words];
            ext[0] = (byte) 0xBE;
            ext[1] = (byte) 0xDE;
            ext[3] = (byte) words;
            System.arraycopy(elements, 0, ext, 4, e);
        }
        byte[] payload = new byte[40];
        int p = 0;
        payload[p++] = (byte) (0x80 | (start ? 0x10 : 0));
        payload[p++] = (byte) 0xE0;
        payload[p++] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
        payload[p++] = (byte) pictureId;
        payload[p++] = (byte) tl0;
        payload[p++] = (byte) (tid << 6);
        if (start && key) {
            byte[] header = {(byte) 0x9c, 0x01, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, (byte) 0xe0, 0x01};
            System.arraycopy(header, 0, payload, p, header.length);
        } else {
            payload[p] = 0x31;
        }
        byte[] packet = new byte[12 + ext.length + payload.length];
        RtpPacket.writeFixedHeader(packet, 0, marker, pt, seq, ts, ssrc);
        if (ext.length > 0) {
            packet[0] |= 0x10;
            System.arraycopy(ext, 0, packet, 12, ext.length);
        }
        System.arraycopy(payload, 0, packet, 12 + ext.length, payload.length);
        return packet;
    }
}
