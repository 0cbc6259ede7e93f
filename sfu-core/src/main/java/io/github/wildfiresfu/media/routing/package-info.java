/**
 * Forwarding inside a room: {@link io.github.wildfiresfu.media.routing.RoomRouter} fans each
 * publisher stream out to its subscriber streams (one copy per subscriber, renumbered by an
 * {@link io.github.wildfiresfu.media.rtp.RtpStreamRewriter}, header extensions translated) and runs
 * the RTCP of both sides: keyframe requests, NACK and retransmission, receiver reports, REMB and
 * sender reports. Simulcast publishers' substreams are received one {@code IncomingLayer} each,
 * and a {@link io.github.wildfiresfu.media.routing.SimulcastLayerSelector} per subscriber stream
 * chooses its substream and temporal layer. Confined to the room's event loop; per-packet iteration reads immutable snapshot
 * arrays; every drop has a {@link io.github.wildfiresfu.media.routing.RouterDropReason}. No Janus,
 * Jackson or config imports.
 */
package io.github.wildfiresfu.media.routing;
