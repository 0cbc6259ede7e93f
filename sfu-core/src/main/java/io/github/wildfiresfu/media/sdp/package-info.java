/**
 * SDP for WebRTC: an immutable model of session descriptions ({@link
 * io.github.wildfiresfu.media.sdp.SessionDescription}, {@link
 * io.github.wildfiresfu.media.sdp.MediaDescription}), a parser ({@link
 * io.github.wildfiresfu.media.sdp.SdpParser}) and a writer ({@link
 * io.github.wildfiresfu.media.sdp.SdpWriter}), and the offer/answer helpers the media engine
 * uses: {@link io.github.wildfiresfu.media.sdp.PublisherAnswerBuilder} answers a publisher's
 * offer under a room's {@link io.github.wildfiresfu.media.sdp.CodecPolicy} and {@link
 * io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy}; {@link
 * io.github.wildfiresfu.media.sdp.SubscriberOfferBuilder} writes and updates the offers sent to
 * subscribers and checks their answers.
 *
 * <p>Everything here is pure: no I/O, no threads, no clocks, and only JDK types (design.md §2:
 * media code never imports Jackson or the Janus layer). Every value is immutable and safe to
 * share between threads.
 *
 * <p>Specifications: RFC 8866 (SDP), RFC 8829 (JSEP), RFC 8843 (BUNDLE), RFC 8853 / RFC 8851
 * (simulcast, rid), RFC 5576 (ssrc, ssrc-group), RFC 8839 (ICE in SDP), RFC 8122
 * (fingerprint), RFC 8841 (data channels), RFC 8285 (header extensions), RFC 6184 (H.264).
 */
package io.github.wildfiresfu.media.sdp;
