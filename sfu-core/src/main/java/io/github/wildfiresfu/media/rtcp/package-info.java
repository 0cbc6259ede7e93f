/**
 * RTCP readers and writers over {@code byte[]}: the compound iterator (RFC 3550 §6.1), sender and
 * receiver reports with report blocks, SDES CNAME, BYE and APP (RFC 3550 §6.4-6.7), generic NACK and
 * PLI (RFC 4585), FIR (RFC 5104), REMB (draft-alvestrand-rmcat-remb) and transport-wide congestion
 * control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).
 *
 * <p>Readers are reusable flyweights whose {@code wrap} bounds-checks the packet and returns a named
 * {@link io.github.wildfiresfu.media.rtcp.RtcpDropReason} (or {@code null} when valid); they never
 * throw on malformed input and never allocate. Writers write into a caller's buffer and throw
 * {@link java.lang.IllegalArgumentException} only for programming errors (a buffer too small, a count
 * out of range). Every dropped packet has a named reason and a counter (see
 * {@link io.github.wildfiresfu.media.rtp.DropCounters}). SRTCP protection is not done here.
 */
package io.github.wildfiresfu.media.rtcp;
