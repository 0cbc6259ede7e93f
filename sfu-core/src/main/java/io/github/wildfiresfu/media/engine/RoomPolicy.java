package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.PublisherPolicy;
import java.util.Objects;

/**
 * What a room allows and asks of its media, in the engine's terms (the Janus adapter translates a
 * VideoRoom's settings into it).
 *
 * <p>Transport-wide congestion control is always taken out of {@link #publisherPolicy()} and
 * {@link #subscriberExtensions()} (see {@link #of}): the engine does not send transport-cc
 * feedback, and a browser that negotiated transport-cc without receiving feedback lets its
 * bandwidth estimate collapse. Without it, browsers fall back to REMB and receiver reports, which
 * the router sends.
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
     * A policy whose publisher and subscriber extensions are {@code extensions} without
     * transport-wide congestion control, and whose publishers' data channels are declined (see
     * the class comment).
     */
    public static RoomPolicy of(PublisherPolicy publisherPolicy, HeaderExtensionPolicy extensions, long bitrate,
            int firFreqSeconds) {
        HeaderExtensionPolicy withoutTwcc = extensions.with(HeaderExtensionPolicy.TRANSPORT_WIDE_CC, false);
        return new RoomPolicy(publisherPolicy.withExtensions(withoutTwcc).withData(false), withoutTwcc, bitrate,
                firFreqSeconds);
    }

    /** Janus's VideoRoom defaults: opus and vp8, default extensions (no transport-cc), no bitrate cap. */
    public static RoomPolicy defaults() {
        return of(PublisherPolicy.defaults(), HeaderExtensionPolicy.defaults(), 0, 0);
    }
}
