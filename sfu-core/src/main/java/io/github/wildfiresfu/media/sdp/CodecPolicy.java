package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which codecs a room accepts from publishers, in order of preference: the VideoRoom's
 * {@code audiocodec} and {@code videocodec} comma lists (default {@code opus} and {@code vp8},
 * as {@code janus_videoroom.c}), with the optional {@code h264_profile} and {@code vp9_profile}.
 *
 * <p>{@link #select} does what Janus does when answering a publisher
 * ({@code janus_videoroom.c} picks the first room codec for which
 * {@code janus_sdp_get_codec_pt_full} finds a payload type in that m-line): it takes the first
 * room codec the m-line offers, and of the payload types for it the first in the offer's order,
 * with these refinements:
 * <ul>
 * <li>H.264: payload types must have packetization-mode 1 when another offered H.264 payload
 * type has it (mode 0 only as a last resort, because subscribers' decoders expect the
 * publisher's mode; Janus with an {@code h264_profile} likewise skips mode 0). With an
 * {@code h264_profile}, the payload type must have the same profile per RFC 6184 §8.2.2 (the
 * level may differ), where Janus compares the hex text.</li>
 * <li>VP9 with a {@code vp9_profile}: the payload type's {@code profile-id} (0 when absent) must
 * equal it.</li>
 * <li>The RTX payload type whose {@code apt} is the chosen one is kept, and the feedback is
 * filtered to the types this server implements ({@link #SUPPORTED_FEEDBACK}).</li>
 * </ul>
 * Instances are immutable.
 */
public final class CodecPolicy {

    /** RTCP feedback an answer may keep (RFC 4585 nack / nack pli, RFC 5104 ccm fir, REMB, transport-cc). */
    public static final Set<String> SUPPORTED_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb",
            "transport-cc");

    private final List<CodecName> audio;
    private final List<CodecName> video;
    private final H264ProfileLevelId h264Profile;
    private final String vp9Profile;

    private CodecPolicy(List<CodecName> audio, List<CodecName> video, H264ProfileLevelId h264Profile,
            String vp9Profile) {
        this.audio = List.copyOf(audio);
        this.video = List.copyOf(video);
        this.h264Profile = h264Profile;
        this.vp9Profile = vp9Profile;
    }

    /** Janus's defaults: {@code audiocodec = "opus"}, {@code videocodec = "vp8"}. */
    public static CodecPolicy defaults() {
        return new CodecPolicy(List.of(CodecName.OPUS), List.of(CodecName.VP8), null, null);
    }

    /**
     * A policy from the room's comma lists ({@code "opus,pcmu"}, {@code "vp8,h264"}); a null or
     * blank list takes the Janus default. Names are Janus's, case-insensitive, spaces ignored.
     *
     * @throws IllegalArgumentException naming the list and the unknown or wrong-kind codec
     */
    public static CodecPolicy of(String audiocodec, String videocodec) {
        return new CodecPolicy(list("audiocodec", audiocodec, MediaKind.AUDIO, CodecName.OPUS),
                list("videocodec", videocodec, MediaKind.VIDEO, CodecName.VP8), null, null);
    }

    /** This policy with an H.264 profile-level-id that publishers must match (six hex digits). */
    public CodecPolicy withH264Profile(String profileLevelId) {
        H264ProfileLevelId p = H264ProfileLevelId.parse(profileLevelId).orElseThrow(() -> new IllegalArgumentException(
                "h264_profile \"" + profileLevelId + "\" is not six hex digits like 42e01f"));
        return new CodecPolicy(audio, video, p, vp9Profile);
    }

    /** This policy with a VP9 profile-id that publishers must match ({@code 0}-{@code 3}). */
    public CodecPolicy withVp9Profile(String profileId) {
        if (profileId == null || !profileId.matches("[0-3]")) {
            throw new IllegalArgumentException("vp9_profile \"" + profileId + "\" must be 0, 1, 2 or 3");
        }
        return new CodecPolicy(audio, video, h264Profile, profileId);
    }

    private static List<CodecName> list(String key, String value, MediaKind kind, CodecName fallback) {
        if (value == null || value.isBlank()) {
            return List.of(fallback);
        }
        List<CodecName> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            CodecName c = CodecName.fromJanusName(name).filter(x -> x.kind() == kind)
                    .orElseThrow(() -> new IllegalArgumentException(key + ": \"" + name + "\" is not one of "
                            + Arrays.stream(CodecName.values()).filter(x -> x.kind() == kind)
                                    .map(CodecName::janusName).collect(Collectors.joining(", "))));
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out.isEmpty() ? List.of(fallback) : out;
    }

    /** The audio codecs in preference order. */
    public List<CodecName> audio() {
        return audio;
    }

    /** The video codecs in preference order. */
    public List<CodecName> video() {
        return video;
    }

    /** The required H.264 profile, if set. */
    public Optional<H264ProfileLevelId> h264Profile() {
        return Optional.ofNullable(h264Profile);
    }

    /** The required VP9 profile-id, if set. */
    public Optional<String> vp9Profile() {
        return Optional.ofNullable(vp9Profile);
    }

    /** The room's audio list as Janus renders it in {@code list} replies ({@code opus,pcmu}). */
    public String audioList() {
        return audio.stream().map(CodecName::janusName).collect(Collectors.joining(","));
    }

    /** The room's video list as Janus renders it ({@code vp8,h264}). */
    public String videoList() {
        return video.stream().map(CodecName::janusName).collect(Collectors.joining(","));
    }

    /**
     * The codec to accept for an offered audio or video m-line, or empty when it offers none the
     * room allows (the answer then rejects the m-line with port 0, as Janus does).
     */
    public Optional<SelectedCodec> select(MediaDescription offered) {
        List<CodecName> prefs = offered.kind() == MediaKind.AUDIO ? audio
                : offered.kind() == MediaKind.VIDEO ? video : List.of();
        List<Codec> offeredCodecs = offered.allCodecs();
        for (CodecName want : prefs) {
            List<Codec> candidates = new ArrayList<>();
            for (Codec c : offeredCodecs) {
                if (want.matches(c) && fitsProfile(want, c)) {
                    candidates.add(c);
                }
            }
            if (want == CodecName.H264 && candidates.stream().anyMatch(c -> H264ProfileLevelId.packetizationMode(c) == 1)) {
                candidates.removeIf(c -> H264ProfileLevelId.packetizationMode(c) != 1);
            }
            if (!candidates.isEmpty()) {
                Codec chosen = candidates.get(0);
                Codec answered = chosen.withFeedback(supportedFeedback(chosen));
                Optional<Codec> rtx = offered.rtxFor(chosen.payloadType()).map(r -> r.withFeedback(List.of()));
                return Optional.of(new SelectedCodec(want, answered, rtx));
            }
        }
        return Optional.empty();
    }

    private boolean fitsProfile(CodecName want, Codec c) {
        if (want == CodecName.H264) {
            Optional<H264ProfileLevelId> p = H264ProfileLevelId.of(c);
            int mode = H264ProfileLevelId.packetizationMode(c);
            if (p.isEmpty() || mode < 0 || mode > 1) {
                return false;
            }
            return h264Profile == null || (mode == 1 && p.get().sameProfile(h264Profile));
        }
        if (want == CodecName.VP9 && vp9Profile != null) {
            return vp9Profile.equals(c.parameter("profile-id").orElse("0"));
        }
        return true;
    }

    private static List<String> supportedFeedback(Codec c) {
        return c.feedback().stream().filter(f -> SUPPORTED_FEEDBACK.contains(f.toLowerCase(Locale.ROOT).trim()))
                .toList();
    }

    @Override
    public String toString() {
        return "CodecPolicy[audio=" + audioList() + ", video=" + videoList()
                + (h264Profile == null ? "" : ", h264_profile=" + h264Profile.toHex())
                + (vp9Profile == null ? "" : ", vp9_profile=" + vp9Profile) + "]";
    }
}
