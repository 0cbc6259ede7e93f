package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader for transport-wide congestion control feedback (RTPFB, FMT 15,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 *
 * <pre>
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * ...
 * |         recv delta            |  recv delta   | zero padding  |
 * </pre>
 *
 * Packet chunks (16 bits) give a status symbol for each of the {@code packet status count} transport
 * sequence numbers from the base on:
 * <ul>
 *   <li>run length chunk {@code 0 SS LLLLLLLLLLLLL}: symbol S repeated L times;</li>
 *   <li>one-bit status vector {@code 1 0 x14}: 14 symbols, 0 not received, 1 received small delta;</li>
 *   <li>two-bit status vector {@code 1 1 xx*7}: 7 symbols.</li>
 * </ul>
 * Symbols: 00 not received, 01 received with a 1-byte unsigned delta, 10 received with a 2-byte signed
 * delta, 11 reserved. Deltas are in 250 µs ticks, each relative to the previous received packet, the
 * first relative to the reference time (24-bit signed, in 64 ms units).
 *
 * <p>{@link #wrap} walks all chunks and deltas once to check the bounds; then a cursor
 * ({@link #nextPacket()}) visits every packet status in order without allocating.
 */
public final class TransportCcFeedback {

    /** Feedback header plus base sequence, status count, reference time and feedback count. */
    public static final int FIXED_LENGTH = 20;
    /** Microseconds per receive delta tick. */
    public static final int DELTA_TICK_MICROS = 250;
    /** Microseconds per reference time unit. */
    public static final int REFERENCE_TIME_UNIT_MICROS = 64_000;

    /** Status symbol: packet not received. */
    public static final int NOT_RECEIVED = 0;
    /** Status symbol: received, 1-byte delta. */
    public static final int RECEIVED_SMALL_DELTA = 1;
    /** Status symbol: received, 2-byte signed delta. */
    public static final int RECEIVED_LARGE_DELTA = 2;

    private byte[] buf;
    private int off;
    private int body;
    private int chunksStart;
    private int deltasStart;

    // Cursor state.
    private int packetIndex;
    private int chunkPos;
    private int chunkKind; // 0 run length, 1 one-bit vector, 2 two-bit vector.
    private int chunkBits;
    private int chunkSymbolsLeft;
    private int chunkSymbolIndex;
    private int deltaPos;
    private int currentSymbol;
    private int currentDeltaTicks;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks that the
     * chunks cover the status count and the deltas they announce fit in the packet.
     *
     * @return {@code null} when it is well formed, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.body = 0;
        int b = FeedbackHeader.bodyLength(buf, off, len, RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC);
        if (b < 0) {
            return FeedbackHeader.reason(b);
        }
        if (b < FIXED_LENGTH) {
            return RtcpDropReason.TOO_SHORT;
        }
        int end = off + b;
        int count = packetStatusCount();
        int p = off + FIXED_LENGTH;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < count) {
            if (p + 2 > end) {
                return RtcpDropReason.TRANSPORT_CC_TRUNCATED;
            }
            int chunk = RtcpBytes.u16(buf, p);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x03;
                int run = Math.min(chunk & 0x1FFF, count - covered);
                if (symbol == 3) {
                    return RtcpDropReason.TRANSPORT_CC_RESERVED_SYMBOL;
                }
                deltaBytes += run * symbol;
                covered += run;
            } else if ((chunk & 0x4000) == 0) {
                int n = Math.min(14, count - covered);
                for (int i = 0; i < n; i++) {
                    deltaBytes += (chunk >> (13 - i)) & 0x01;
                }
                covered += n;
            } else {
                int n = Math.min(7, count - covered);
                for (int i = 0; i < n; i++) {
                    int symbol = (chunk >> (12 - 2 * i)) & 0x03;
                    if (symbol == 3) {
                        return RtcpDropReason.TRANSPORT_CC_RESERVED_SYMBOL;
                    }
                    deltaBytes += symbol;
                }
                covered += n;
            }
        }
        if (p + deltaBytes > end) {
            return RtcpDropReason.TRANSPORT_CC_TRUNCATED;
        }
        this.body = b;
        this.chunksStart = off + FIXED_LENGTH;
        this.deltasStart = p;
        resetCursor();
        return null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** SSRC of the media source. */
    public long mediaSsrc() {
        return RtcpBytes.u32(buf, off + 8);
    }

    /** Transport-wide sequence number of the first packet reported. */
    public int baseSequenceNumber() {
        return RtcpBytes.u16(buf, off + 12);
    }

    /** Number of packets reported, received or not. */
    public int packetStatusCount() {
        return RtcpBytes.u16(buf, off + 14);
    }

    /** Reference time, 24-bit signed, in units of 64 ms. */
    public int referenceTime() {
        return RtcpBytes.s24(buf, off + 16);
    }

    /** Feedback packet count (8 bits), incremented by the sender for each feedback packet. */
    public int feedbackPacketCount() {
        return RtcpBytes.u8(buf, off + 19);
    }

    /** Rewinds the cursor before the first packet. */
    public void resetCursor() {
        packetIndex = 0;
        chunkPos = chunksStart;
        chunkSymbolsLeft = 0;
        deltaPos = deltasStart;
        currentSymbol = NOT_RECEIVED;
        currentDeltaTicks = 0;
    }

    /**
     * Advances the cursor to the next reported packet.
     *
     * @return false after the last one (or when the packet was not valid)
     */
    public boolean nextPacket() {
        if (body == 0 || packetIndex >= packetStatusCount()) {
            return false;
        }
        while (chunkSymbolsLeft == 0) {
            int chunk = RtcpBytes.u16(buf, chunkPos);
            chunkPos += 2;
            chunkBits = chunk;
            chunkSymbolIndex = 0;
            if ((chunk & 0x8000) == 0) {
                chunkKind = 0;
                chunkSymbolsLeft = chunk & 0x1FFF;
            } else if ((chunk & 0x4000) == 0) {
                chunkKind = 1;
                chunkSymbolsLeft = 14;
            } else {
                chunkKind = 2;
                chunkSymbolsLeft = 7;
            }
        }
        int symbol;
        if (chunkKind == 0) {
            symbol = (chunkBits >> 13) & 0x03;
        } else if (chunkKind == 1) {
            symbol = (chunkBits >> (13 - chunkSymbolIndex)) & 0x01;
        } else {
            symbol = (chunkBits >> (12 - 2 * chunkSymbolIndex)) & 0x03;
        }
        chunkSymbolIndex++;
        chunkSymbolsLeft--;
        currentSymbol = symbol;
        if (symbol == RECEIVED_SMALL_DELTA) {
            currentDeltaTicks = buf[deltaPos] & 0xFF;
            deltaPos += 1;
        } else if (symbol == RECEIVED_LARGE_DELTA) {
            currentDeltaTicks = (short) RtcpBytes.u16(buf, deltaPos);
            deltaPos += 2;
        } else {
            currentDeltaTicks = 0;
        }
        packetIndex++;
        return true;
    }

    /** Transport-wide sequence number of the packet at the cursor. */
    public int packetSequenceNumber() {
        return (baseSequenceNumber() + packetIndex - 1) & 0xFFFF;
    }

    /** Status symbol of the packet at the cursor ({@link #NOT_RECEIVED}, ...). */
    public int packetStatus() {
        return currentSymbol;
    }

    /** Whether the packet at the cursor was received. */
    public boolean packetReceived() {
        return currentSymbol != NOT_RECEIVED;
    }

    /** Receive delta of the packet at the cursor in 250 µs ticks (0 when not received). */
    public int packetDeltaTicks() {
        return currentDeltaTicks;
    }

    /** Receive delta of the packet at the cursor in microseconds (0 when not received). */
    public long packetDeltaMicros() {
        return (long) currentDeltaTicks * DELTA_TICK_MICROS;
    }
}
