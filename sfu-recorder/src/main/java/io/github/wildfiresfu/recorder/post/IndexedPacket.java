package io.github.wildfiresfu.recorder.post;

/**
 * One RTP packet of a recording, as the post-processor orders it: where its payload lies in the file
 * and the header fields ordering and conversion need. The payload itself stays on disk until a
 * converter reads it ({@link io.github.wildfiresfu.recorder.mjr.MjrReader#readAt}).
 *
 * @param seq            RTP sequence number (16-bit)
 * @param extendedTs     RTP timestamp extended to 64 bits across wraps (see {@link PacketOrderer})
 * @param arrivalMillis  MJR00002 record time (ms since the first packet), or -1
 * @param recordIndex    position of the record in the file (arrival order)
 * @param payloadOffset  file offset of the RTP payload (after CSRCs and header extension)
 * @param payloadLength  payload bytes, padding removed
 * @param marker         RTP marker bit
 * @param payloadType    RTP payload type
 */
public record IndexedPacket(int seq, long extendedTs, long arrivalMillis, long recordIndex, long payloadOffset,
                            int payloadLength, boolean marker, int payloadType) {
}
