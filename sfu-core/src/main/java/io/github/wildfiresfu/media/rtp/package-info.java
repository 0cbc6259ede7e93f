/**
 * RTP on the media path: the RFC 7983 {@link io.github.wildfiresfu.media.rtp.PacketClassifier}, the
 * {@link io.github.wildfiresfu.media.rtp.RtpPacket} flyweight (RFC 3550 header, RFC 8285 extensions),
 * 16/32-bit sequence and timestamp arithmetic, RFC 3550 §A.1 receive tracking, and the
 * {@link io.github.wildfiresfu.media.rtp.RtpStreamRewriter} that keeps a subscriber stream continuous
 * across source switches; for simulcast, the RFC 7741 VP8 payload descriptor
 * ({@link io.github.wildfiresfu.media.rtp.Vp8PayloadDescriptor},
 * {@link io.github.wildfiresfu.media.rtp.Vp8PayloadRewriter}) and keyframe detection per codec
 * ({@link io.github.wildfiresfu.media.rtp.VideoKeyframes}).
 *
 * <p>Rules for everything here (design.md §3 and §7, style-anchors Part B):
 * <ul>
 *   <li><b>Every dropped packet has a named reason and a counter.</b> Parsers and decisions return an
 *       enum constant ({@link io.github.wildfiresfu.media.rtp.RtpDropReason},
 *       {@link io.github.wildfiresfu.media.rtp.PacketKind}, {@code RtcpDropReason},
 *       {@code IceDropReason}) instead of throwing; the component that drops the packet counts it in a
 *       {@link io.github.wildfiresfu.media.rtp.DropCounters} and does not log per packet.</li>
 *   <li>The per-packet path allocates nothing and takes no locks: views are reusable flyweights over
 *       {@code byte[]} + offset + length, confined to the room's event loop.</li>
 *   <li>Time is passed in or injected; nothing here reads a clock or touches a socket.</li>
 *   <li>No dependency on the Janus layer or Jackson.</li>
 * </ul>
 */
package io.github.wildfiresfu.media.rtp;
