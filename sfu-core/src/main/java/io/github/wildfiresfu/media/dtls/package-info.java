/**
 * DTLS 1.2 with {@code use_srtp} (RFC 5764) for WebRTC transports, on BouncyCastle bctls.
 *
 * <p><b>Types.</b> {@link io.github.wildfiresfu.media.dtls.DtlsCertificate} is the server's
 * identity (generated at start, or janus.jcfg's {@code cert_pem}/{@code cert_key}/{@code cert_pwd});
 * its {@link io.github.wildfiresfu.media.dtls.DtlsFingerprint} goes into SDP.
 * {@link io.github.wildfiresfu.media.dtls.DtlsTransport} runs the handshake for one
 * PeerConnection, checks the peer's certificate against its SDP fingerprints and hands the
 * exported {@link io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial} to its listener, which
 * builds the {@code media.srtp} sessions from it.
 *
 * <p><b>Threading.</b> bctls blocks while it waits for the peer, so a handshake runs as one task
 * on a small shared handshake executor ({@link io.github.wildfiresfu.media.dtls.DtlsTransport#newHandshakeExecutor}),
 * never on a room's event loop (design.md §3). The network side calls
 * {@link io.github.wildfiresfu.media.dtls.DtlsTransport#receive}, which copies the datagram into a
 * bounded queue and returns at once; bctls reads that queue through a
 * {@code DatagramTransport}. After the handshake, DTLS records (retransmitted flights, alerts,
 * SCTP application data) are run through bctls by short tasks on the same executor, so a
 * connected transport holds no thread. A running handshake holds one thread until it ends:
 * about two round trips for a live peer, up to the handshake timeout (30 s) for a silent one,
 * so size the pool for the handshakes you expect at once. {@code close()} wakes and ends any
 * task of the transport promptly; the package starts no threads of its own.
 *
 * <p><b>Buffers.</b> {@code receive} copies what it is given, so the caller keeps its buffer.
 * Buffers passed to {@code Listener.onDtlsSend} and {@code onDtlsApplicationData} belong to this
 * package and are valid only during the call; listeners copy what they keep.
 */
package io.github.wildfiresfu.media.dtls;
