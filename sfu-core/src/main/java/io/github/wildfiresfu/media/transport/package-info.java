/**
 * One PeerConnection's transport: {@link io.github.wildfiresfu.media.transport.WebRtcTransport}
 * composes ICE-lite, DTLS-SRTP and the RFC 7983 demultiplexer over a datagram sender, and
 * {@link io.github.wildfiresfu.media.transport.UdpSocket} is that sender on Netty (epoll or NIO), bound
 * synchronously on the signalling thread and registered on the room's event loop. Confined to the
 * room's loop except where a class says otherwise; no Janus, Jackson or config imports.
 */
package io.github.wildfiresfu.media.transport;
