/**
 * ICE-lite (RFC 8445 §2.5) for the SFU: the sans-I/O
 * {@link io.github.wildfiresfu.media.ice.IceLiteResponder} answering connectivity and consent checks
 * (RFC 8445 §7.3, RFC 7675), our own allocation-free STUN reader and writer
 * ({@link io.github.wildfiresfu.media.ice.StunMessage}, {@link io.github.wildfiresfu.media.ice.StunMessageWriter};
 * RFC 8489 with the RFC 5769 vectors as tests), ICE credentials, host candidates and their SDP form, and
 * the {@link io.github.wildfiresfu.media.ice.HostAddressSelector} with Janus's {@code nat} settings.
 *
 * <p>Why our own STUN codec rather than ice4j's {@code org.ice4j.message} classes: ice4j computes
 * MESSAGE-INTEGRITY only through a {@code StunStack} and its credentials manager, its decoder throws
 * on malformed input and allocates an object per attribute, and using it here would leave the tests
 * without an independent encoder. In this package ice4j serves the tests as that independent peer:
 * requests are encoded by ice4j and our responses are decoded and verified by it. Its Agent and
 * harvesters are never used (no ICE-lite mode there; design.md §3), which
 * {@code MediaDependencyRulesTest} enforces.
 *
 * <p>Every refused STUN message has a named {@link io.github.wildfiresfu.media.ice.IceDropReason} and a
 * counter. Nothing here imports the Janus layer or Jackson.
 */
package io.github.wildfiresfu.media.ice;
