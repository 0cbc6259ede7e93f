/**
 * The WebRTC media engine (issue #3): {@link io.github.wildfiresfu.media.engine.MediaEngine} owns the
 * media event loops, the DTLS handshake pool and the UDP ports of {@code rtp_port_range}
 * ({@link io.github.wildfiresfu.media.engine.UdpPortAllocator}), creates one
 * {@link io.github.wildfiresfu.media.transport.WebRtcTransport} per Janus handle, pins each room to one
 * event loop with its {@link io.github.wildfiresfu.media.routing.RoomRouter}, and offers the typed
 * negotiation API the VideoRoom adapter calls: publish (answer an offer), offer a subscription, apply
 * a subscriber's answer, update, request a keyframe, close.
 *
 * <p>Like every {@code media} package it imports neither the Janus layer nor Jackson nor the config
 * package (design.md §2): the launcher turns janus.jcfg into
 * {@link io.github.wildfiresfu.media.engine.MediaEngineSettings}, and
 * {@code janus.videoroom.EngineVideoRoomMedia} turns VideoRoom requests into calls here and engine
 * events into Janus events.
 */
package io.github.wildfiresfu.media.engine;
