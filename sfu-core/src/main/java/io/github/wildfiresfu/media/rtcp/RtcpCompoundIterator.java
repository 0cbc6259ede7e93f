package io.github.wildfiresfu.media.rtcp;

/**
 * Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without copying or allocating:
 *
 * <pre>{@code
 * iterator.wrap(buf, off, len);
 * while (iterator.next()) {
 *     switch (iterator.packetType()) {
 *         case RtcpHeader.SR -> ...senderReport.wrap(buf, iterator.packetOffset(), iterator.packetLength())
 *         ...
 *     }
 * }
 * if (iterator.dropReason() != null) { counters.increment(iterator.dropReason()); }
 * }</pre>
 *
 * Each step checks the common header: at least 4 bytes left, version 2, the length field within the
 * datagram, and a sane padding count. The first bad header stops the walk and is reported by
 * {@link #dropReason()}; the packets before it stay usable (as mediasoup and libwebrtc do). Packet
 * bodies are checked by the readers ({@link SenderReport}, {@link GenericNack}, ...). The RFC 3550
 * rule that a compound starts with SR or RR is not enforced: RFC 5506 reduced-size RTCP drops it.
 *
 * <p>Reusable; not thread-safe.
 */
public final class RtcpCompoundIterator {

    private byte[] buf;
    private int end;
    private int pos;
    private int packetOffset = -1;
    private int packetLength;
    private int packets;
    private RtcpDropReason dropReason;

    /** Points the iterator at the compound packet of {@code len} bytes at {@code buf[off]}. */
    public RtcpCompoundIterator wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.packetOffset = -1;
        this.packetLength = 0;
        this.packets = 0;
        this.dropReason = null;
        return this;
    }

    /**
     * Moves to the next packet.
     *
     * @return false at the end of the datagram or at a malformed header (see {@link #dropReason()})
     */
    public boolean next() {
        if (dropReason != null || buf == null || pos >= end) {
            return false;
        }
        int remaining = end - pos;
        if (remaining < RtcpHeader.LENGTH) {
            return fail(RtcpDropReason.TOO_SHORT);
        }
        if (RtcpHeader.version(buf, pos) != 2) {
            return fail(RtcpDropReason.BAD_VERSION);
        }
        int len = RtcpHeader.packetLength(buf, pos);
        if (len > remaining) {
            return fail(RtcpDropReason.LENGTH_OVERFLOW);
        }
        if (RtcpHeader.lengthWithoutPadding(buf, pos, len) < 0) {
            return fail(RtcpDropReason.BAD_PADDING);
        }
        packetOffset = pos;
        packetLength = len;
        pos += len;
        packets++;
        return true;
    }

    private boolean fail(RtcpDropReason reason) {
        dropReason = reason;
        packetOffset = -1;
        packetLength = 0;
        return false;
    }

    /** Why the walk stopped early, or {@code null} if every header so far was well formed. */
    public RtcpDropReason dropReason() {
        return dropReason;
    }

    /** Absolute offset of the current packet (its common header). */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes, header and padding included. */
    public int packetLength() {
        return packetLength;
    }

    /** Packet type of the current packet (200 SR ... 207 XR). */
    public int packetType() {
        return RtcpHeader.packetType(buf, packetOffset);
    }

    /** The count / subtype / FMT field of the current packet. */
    public int count() {
        return RtcpHeader.count(buf, packetOffset);
    }

    /** How many packets {@link #next()} has returned since {@link #wrap}. */
    public int packetsSeen() {
        return packets;
    }
}
