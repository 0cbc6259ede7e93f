package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which RTP header extensions (RFC 8285) we accept from publishers and offer to subscribers.
 *
 * <p>Answers keep the offerer's ids and mirror a direction (an offered {@code /sendonly}
 * becomes {@code /recvonly}), as {@code janus_sdp_generate_answer_mline} does with
 * {@code JANUS_SDP_OA_ACCEPT_EXTMAP}; extensions the policy does not accept, or that do not apply
 * to the m-line's kind, are left out. Ids above 14 need two-byte headers, so they are accepted
 * only when {@link #twoByteHeaders()} is on (then {@code a=extmap-allow-mixed} is echoed).
 *
 * <p>The defaults follow a VideoRoom's defaults ({@code audiolevel_ext}, {@code videoorient_ext},
 * {@code playoutdelay_ext}, {@code transport_wide_cc_ext} all true) plus mid, rid, repaired-rid
 * and abs-send-time; the dependency descriptor is off until the engine reads it. Note for the
 * media engine: accepting transport-cc or abs-send-time tells the browser we will send the
 * matching feedback; without it the browser's bandwidth estimate falls.
 * Instances are immutable.
 */
public final class HeaderExtensionPolicy {

    /** RFC 9143 §15: the mid, needed for BUNDLE demultiplexing. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852: rid of a simulcast encoding. */
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852: rid of the stream an RTX stream repairs. */
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** RFC 6464: client-to-mixer audio level. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Transport-wide sequence numbers for transport-cc feedback. */
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** Absolute send time for REMB. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** 3GPP TS 26.114 coordination of video orientation. */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** Playout delay limits. */
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    /** AV1 RTP specification's dependency descriptor (needs two-byte headers in practice). */
    public static final String DEPENDENCY_DESCRIPTOR =
            "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

    /** Which kinds of m-line each known extension belongs to. */
    private static final Map<String, Set<MediaKind>> KINDS = Map.of(
            MID, Set.of(MediaKind.AUDIO, MediaKind.VIDEO),
            RID, Set.of(MediaKind.AUDIO, MediaKind.VIDEO),
            REPAIRED_RID, Set.of(MediaKind.VIDEO),
            AUDIO_LEVEL, Set.of(MediaKind.AUDIO),
            TRANSPORT_WIDE_CC, Set.of(MediaKind.AUDIO, MediaKind.VIDEO),
            ABS_SEND_TIME, Set.of(MediaKind.AUDIO, MediaKind.VIDEO),
            VIDEO_ORIENTATION, Set.of(MediaKind.VIDEO),
            PLAYOUT_DELAY, Set.of(MediaKind.VIDEO),
            DEPENDENCY_DESCRIPTOR, Set.of(MediaKind.VIDEO));

    /**
     * Fixed ids of the extensions in offers to subscribers, all one-byte (1-14) so every browser
     * can take them without {@code extmap-allow-mixed}.
     */
    private static final Map<String, Integer> SUBSCRIBER_IDS = subscriberIds();

    private static Map<String, Integer> subscriberIds() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put(MID, 1);
        ids.put(AUDIO_LEVEL, 2);
        ids.put(TRANSPORT_WIDE_CC, 3);
        ids.put(ABS_SEND_TIME, 4);
        ids.put(PLAYOUT_DELAY, 5);
        ids.put(VIDEO_ORIENTATION, 6);
        ids.put(DEPENDENCY_DESCRIPTOR, 7);
        return ids;
    }

    private final Set<String> accepted;
    private final boolean twoByteHeaders;

    private HeaderExtensionPolicy(Set<String> accepted, boolean twoByteHeaders) {
        this.accepted = Set.copyOf(accepted);
        this.twoByteHeaders = twoByteHeaders;
    }

    /** The default set described above, with two-byte headers allowed. */
    public static HeaderExtensionPolicy defaults() {
        return new HeaderExtensionPolicy(Set.of(MID, RID, REPAIRED_RID, AUDIO_LEVEL, TRANSPORT_WIDE_CC, ABS_SEND_TIME,
                VIDEO_ORIENTATION, PLAYOUT_DELAY), true);
    }

    /** This policy with one extension URI turned on or off (e.g. a room's {@code audiolevel_ext = false}). */
    public HeaderExtensionPolicy with(String uri, boolean enabled) {
        Set<String> s = new LinkedHashSet<>(accepted);
        if (enabled) {
            s.add(SdpSyntax.requireVisible(uri, "extension URI"));
        } else {
            s.remove(uri);
        }
        return new HeaderExtensionPolicy(s, twoByteHeaders);
    }

    /** This policy with two-byte header extensions (ids 15-255, {@code extmap-allow-mixed}) on or off. */
    public HeaderExtensionPolicy withTwoByteHeaders(boolean enabled) {
        return new HeaderExtensionPolicy(accepted, enabled);
    }

    /** Whether ids above 14 and {@code extmap-allow-mixed} are accepted. */
    public boolean twoByteHeaders() {
        return twoByteHeaders;
    }

    /** The accepted URIs. */
    public Set<String> accepted() {
        return accepted;
    }

    /** True when this URI is accepted on an m-line of this kind. */
    public boolean accepts(MediaKind kind, String uri) {
        if (!accepted.contains(uri)) {
            return false;
        }
        Set<MediaKind> kinds = KINDS.get(uri);
        return kinds == null ? kind == MediaKind.AUDIO || kind == MediaKind.VIDEO : kinds.contains(kind);
    }

    /** The extmaps of an answer to this offered m-line: accepted ones, offerer's ids, mirrored direction. */
    public List<Extmap> answer(MediaDescription offered) {
        List<Extmap> out = new ArrayList<>();
        for (Extmap e : offered.extmaps()) {
            boolean idFits = e.id() <= 14 || (twoByteHeaders && e.id() <= 255);
            if (idFits && accepts(offered.kind(), e.uri())) {
                Direction d = e.direction() == null ? null : e.direction().reversed();
                out.add(new Extmap(e.id(), d, e.uri(), null));
            }
        }
        return out;
    }

    /** The extmaps to offer a subscriber on an m-line of this kind, with fixed one-byte ids. */
    public List<Extmap> subscriberOffer(MediaKind kind) {
        List<Extmap> out = new ArrayList<>();
        SUBSCRIBER_IDS.forEach((uri, id) -> {
            if (accepts(kind, uri) && !RID.equals(uri) && !REPAIRED_RID.equals(uri)) {
                out.add(Extmap.of(id, uri));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "HeaderExtensionPolicy" + accepted + (twoByteHeaders ? " +two-byte" : "");
    }
}
