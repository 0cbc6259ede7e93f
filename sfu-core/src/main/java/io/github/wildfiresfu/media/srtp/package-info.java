/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) on top of jitsi-srtp, sans-I/O and in place.
 *
 * <p><b>Types.</b> {@link io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial} carries the keys a
 * DTLS-SRTP handshake exported, split into our direction and the peer's;
 * {@link io.github.wildfiresfu.media.srtp.SrtpProtector} protects what we send and
 * {@link io.github.wildfiresfu.media.srtp.SrtpUnprotector} unprotects what we receive, one
 * jitsi-srtp context per SSRC per direction, derived lazily.
 *
 * <p><b>Threading.</b> Nothing here blocks, starts a thread or reads a clock. A session is
 * confined to the thread that owns its transport (the room's event loop, design.md §3); it is
 * not thread-safe.
 *
 * <p><b>Buffers.</b> The caller owns every buffer. A per-packet call borrows
 * {@code buf[off, off + len)} for the duration of the call only, rewrites it in place and returns
 * the new length or a negative {@link io.github.wildfiresfu.media.srtp.SrtpStatus} code; it keeps
 * no reference afterwards. Protecting appends up to
 * {@link io.github.wildfiresfu.media.srtp.SrtpSession#MAX_TRAILER_LENGTH} bytes, so pooled buffers
 * need that much headroom after the packet; without it the call fails with {@code NO_HEADROOM}
 * rather than reallocating. Since protecting encrypts in place, every recipient of a forwarded
 * packet needs its own copy before its protector runs.
 */
package io.github.wildfiresfu.media.srtp;
