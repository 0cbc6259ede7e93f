package io.github.wildfiresfu.media.sdp;

/**
 * What a room accepts from a publisher's offer.
 *
 * @param codecs the room's audio and video codecs
 * @param extensions the header extensions accepted
 * @param dataEnabled whether an {@code m=application} (data channels) is accepted
 * @param sctpPort our {@code a=sctp-port} (5000, as Janus and browsers use)
 * @param maxMessageSize our {@code a=max-message-size}: the largest data channel message we take
 */
public record PublisherPolicy(CodecPolicy codecs, HeaderExtensionPolicy extensions, boolean dataEnabled,
        int sctpPort, long maxMessageSize) {

    /** 256 KiB, what Chromium advertises. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 262144;

    public PublisherPolicy {
        SdpSyntax.nonNull(codecs, "codecs");
        SdpSyntax.nonNull(extensions, "extensions");
        if (sctpPort < 1 || sctpPort > 65535) {
            throw new IllegalArgumentException("sctp-port " + sctpPort + " is out of range 1-65535");
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("max-message-size " + maxMessageSize + " is negative");
        }
    }

    /** Default codecs (opus, vp8), default extensions, data channels on. */
    public static PublisherPolicy defaults() {
        return new PublisherPolicy(CodecPolicy.defaults(), HeaderExtensionPolicy.defaults(), true, 5000,
                DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** This policy with other codecs. */
    public PublisherPolicy withCodecs(CodecPolicy c) {
        return new PublisherPolicy(c, extensions, dataEnabled, sctpPort, maxMessageSize);
    }

    /** This policy with other header extensions. */
    public PublisherPolicy withExtensions(HeaderExtensionPolicy e) {
        return new PublisherPolicy(codecs, e, dataEnabled, sctpPort, maxMessageSize);
    }

    /** This policy with data channels on or off. */
    public PublisherPolicy withData(boolean enabled) {
        return new PublisherPolicy(codecs, extensions, enabled, sctpPort, maxMessageSize);
    }
}
