package io.github.wildfiresfu.media.routing;

/**
 * Sees the packets of one publisher stream as the router relays them: the recorder's way in
 * (design.md §5), set per mid with {@link RoomRouter.PublisherPeer#setTap}.
 *
 * <p>What it gets, as Janus's VideoRoom hands packets to its recorder ({@code janus_videoroom_incoming_rtp}
 * calls {@code janus_recorder_save_frame} before relaying): every decrypted RTP packet of the stream as
 * received, with its header extensions, once RTX has been turned back into the original packet and
 * duplicates have been dropped; only while the stream is active (not {@code send:false}, not moderated);
 * for a simulcast stream only the top layer ({@code rec_simctx.substream_target = 2} in
 * {@code janus_videoroom.c}). Padding-only packets are included, as Janus records them; post-processors
 * skip them.
 *
 * <p>Contract: called on the room's event loop, before the packet is forwarded, so it must return at once,
 * must not block or take locks the loop could wait on, and must not throw. The bytes are lent for the
 * call: an implementation that keeps them copies them (the recorder's queue does), because the router
 * rewrites the same buffer in place for a subscriber right after.
 */
@FunctionalInterface
public interface PublisherTap {

    /**
     * One RTP packet of the tapped stream.
     *
     * @param packet       buffer holding the packet (lent for the call)
     * @param offset       where the packet starts
     * @param length       its length
     * @param arrivalNanos the room loop's monotonic clock when the packet was routed, in nanoseconds
     */
    void onRtp(byte[] packet, int offset, int length, long arrivalNanos);
}
