package io.github.wildfiresfu.media.srtp;

/** Builds plain RTP and RTCP packets for the SRTP tests. */
final class SrtpTestPackets {

    private SrtpTestPackets() {
    }

    /** A version-2 RTP packet, payload type 96, with {@code payloadLength} patterned payload bytes. */
    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        int timestamp = seq * 960;
        writeInt(packet, 4, timestamp);
        writeInt(packet, 8, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            packet[12 + i] = (byte) (seq + 7 * i);
        }
        return packet;
    }

    /** A receiver report (PT 201) from {@code ssrc} with one report block whose highest sequence is {@code 1000 + n}. */
    static byte[] rtcp(int ssrc, int n) {
        // 8 header bytes + one 24-byte report block; length field = 32 / 4 - 1 = 7.
        byte[] packet = new byte[32];
        packet[0] = (byte) 0x81;
        packet[1] = (byte) 201;
        packet[3] = 7;
        writeInt(packet, 4, ssrc);
        writeInt(packet, 8, 0x12345678);
        writeInt(packet, 16, 1000 + n);
        return packet;
    }

    static void writeInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }
}
