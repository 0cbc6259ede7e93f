package io.github.wildfiresfu.media.sdp;

import java.util.Optional;

/**
 * The codec negotiated for one m-line: which room codec it is, the payload type as offered
 * (with the fmtp and feedback that go into the answer) and the RTX payload type paired with it
 * through {@code apt} (RFC 4588 §8.6), if the offer had one.
 */
public record SelectedCodec(CodecName name, Codec codec, Optional<Codec> rtx) {

    public SelectedCodec {
        SdpSyntax.nonNull(name, "codec name");
        SdpSyntax.nonNull(codec, "codec");
        SdpSyntax.nonNull(rtx, "rtx");
    }

    /** The payload type of the media codec. */
    public int payloadType() {
        return codec.payloadType();
    }

    /** The RTX payload type, if negotiated. */
    public java.util.OptionalInt rtxPayloadType() {
        return rtx.isPresent() ? java.util.OptionalInt.of(rtx.get().payloadType()) : java.util.OptionalInt.empty();
    }

    /** The H.264 profile-level-id as written, if any (for the {@code h264-profile} of Janus events). */
    public Optional<String> h264Profile() {
        return name == CodecName.H264 ? codec.parameter("profile-level-id") : Optional.empty();
    }

    /** The VP9 profile-id as written, if any (for the {@code vp9-profile} of Janus events). */
    public Optional<String> vp9Profile() {
        return name == CodecName.VP9 ? codec.parameter("profile-id") : Optional.empty();
    }
}
