package io.github.wildfiresfu.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable, mutable {@link ByteArrayBuffer} view over the caller's packet, so that jitsi-srtp
 * works in place without an allocation per packet.
 *
 * <p>Unlike jitsi's own implementations, {@link #grow} never reallocates: the caller owns the
 * array, and {@link SrtpSession} checks the headroom before every protect call, so running out
 * of room here is a bug and throws {@link IllegalStateException}. Confined to the session's thread.
 */
final class PacketView implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at {@code buffer[offset, offset + length)}; returns this view. */
    PacketView wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Drops the reference to the caller's array so a pooled buffer is not kept reachable. */
    void release() {
        buffer = null;
        offset = 0;
        length = 0;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("length " + length + " does not fit the buffer at offset " + offset);
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("offset " + offset + " does not fit the buffer with length " + length);
        }
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        // Same tolerance as jitsi's reference implementation: an impossible region copies nothing.
        int start = offset + off;
        if (off < 0 || len <= 0 || start + len > buffer.length || outBuff.length < len) {
            return;
        }
        System.arraycopy(buffer, start, outBuff, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("cannot grow by " + howMuch);
        }
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("no headroom: " + howMuch + " more bytes needed after "
                    + (offset + length) + " in a buffer of " + buffer.length);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        if (data == null || len <= 0) {
            return;
        }
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
