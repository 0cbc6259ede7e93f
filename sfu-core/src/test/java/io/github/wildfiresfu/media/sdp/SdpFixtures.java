package io.github.wildfiresfu.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The SDP captured from Chromium by {@code interop/capture-chromium-offers.mjs} (see the README there). */
final class SdpFixtures {

    static final String PUBLISHER_AUDIO_VIDEO = "chromium-publisher-audio-video.offer.sdp";
    static final String DUAL_STREAM = "chromium-dual-stream.offer.sdp";
    static final String SIMULCAST_RID = "chromium-simulcast-rid.offer.sdp";
    static final String H264_ONLY = "chromium-h264-only.offer.sdp";
    static final String JANUS_STYLE_SUBSCRIBER_OFFER = "janus-style-subscriber.offer.sdp";
    static final String CHROMIUM_SUBSCRIBER_ANSWER = "chromium-subscriber.answer.sdp";

    static final List<String> ALL = List.of(PUBLISHER_AUDIO_VIDEO, DUAL_STREAM, SIMULCAST_RID, H264_ONLY,
            JANUS_STYLE_SUBSCRIBER_OFFER, CHROMIUM_SUBSCRIBER_ANSWER);

    private SdpFixtures() {
    }

    static String text(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        return SdpParser.parse(text(name));
    }
}
