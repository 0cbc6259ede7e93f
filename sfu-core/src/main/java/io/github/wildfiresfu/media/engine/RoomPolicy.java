package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.PublisherPolicy;
import java.util.Objects;

/**
 * What a room allows and asks of its media, in the engine's terms (the Janus adapter translates a
 * VideoRoom's settings into it).
 *
 * <p>Transport-wide congestion control is negotiated where the extensions allow it (the VideoRoom's
 * {@code transport_wide_cc_ext}, on by default): the router then sends publishers transport-cc
 * feedback (and still REMB, which caps their estimate at the room's {@code bitrate}) and numbers
 * the packets it sends subscribers. With it off, browsers estimate from REMB and receiver reports.
 *
 * <p>Data channels are also always declined by {@link #of}: the engine does not terminate SCTP
 * (RFC 8831) yet, so negotiating an {@code m=application} would promise channels that never open.
 * A publisher's data m-line is answered with port 0 (as {@code janus_sdp_write} writes rejected
 * lines) and listed by the VideoRoom as a disabled stream; subscriber offers carry no live data
 * m-line.
 *
 * @param publisherPolicy      codecs, header extensions and data channels accepted from publishers
 * @param subscriberExtensions header extensions offered to subscribers
 * @param bitrate              REMB cap for publishers in bits/s, 0 for none (VideoRoom {@code bitrate})
 * @param firFreqSeconds       periodic keyframe requests, 0 for none (VideoRoom {@code fir_freq})
 */
public record RoomPolicy(PublisherPolicy publisherPolicy, HeaderExtensionPolicy subscriberExtensions, long bitrate,
        int firFreqSeconds) {

    public RoomPolicy {
        Objects.requireNonNull(publisherPolicy, "publisherPolicy");
        Objects.requireNonNull(subscriberExtensions, "subscriberExtensions");
        if (bitrate < 0 || firFreqSeconds < 0) {
            throw new IllegalArgumentException("bitrate and fir_freq must not be negative");
        }
    }

    /**
     * A policy whose publisher and subscriber extensions are {@code extensions}, and whose
     * publishers' data channels are declined (see the class comment).
     */
    public static RoomPolicy of(PublisherPolicy publisherPolicy, HeaderExtensionPolicy extensions, long bitrate,
            int firFreqSeconds) {
        return new RoomPolicy(publisherPolicy.withExtensions(extensions).withData(false), extensions, bitrate,
                firFreqSeconds);
    }

    /** Janus's VideoRoom defaults: opus and vp8, default extensions (transport-cc included), no bitrate cap. */
    public static RoomPolicy defaults() {
        return of(PublisherPolicy.defaults(), HeaderExtensionPolicy.defaults(), 0, 0);
    }
}
