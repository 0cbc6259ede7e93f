package io.github.wildfiresfu.media.sdp;

import java.util.Optional;

/**
 * The H.264 {@code profile-level-id} fmtp parameter (RFC 6184 §8.1): three hex bytes
 * {@code profile_idc}, {@code profile-iop} (the constraint_set flags) and {@code level_idc}.
 *
 * <p>Two H.264 payload types are the same codec configuration when their profiles match and
 * their {@code packetization-mode}s are equal (RFC 6184 §8.2.2); the level may differ, as the
 * answerer may lower it (or keep it, with {@code level-asymmetry-allowed}). The profile of a
 * {@code profile_idc}/{@code profile-iop} pair follows the table of H.264 Annex A that libwebrtc
 * also uses (first match wins; x = either bit):
 * <pre>
 * 42 x1xx0000  Constrained Baseline      42 x0xx0000  Baseline
 * 4D 1xxx0000  Constrained Baseline      4D 0x0x0000  Main
 * 58 11xx0000  Constrained Baseline      58 10xx0000  Baseline
 * 64 00000000  High                      64 00001100  Constrained High
 * F4 x0000000  Predictive High 4:4:4
 * </pre>
 * Pairs outside the table have no named profile; they match only the same pair.
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {

    /** The value to assume when the parameter is absent (RFC 6184 §8.1: Baseline, level 1.0). */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(0x42, 0x00, 0x0a);

    /** Named H.264 profiles (ITU-T H.264 Annex A). */
    public enum Profile {
        /** Constrained Baseline: what every WebRTC endpoint supports. */
        CONSTRAINED_BASELINE,
        /** Baseline. */
        BASELINE,
        /** Main. */
        MAIN,
        /** High. */
        HIGH,
        /** Constrained High. */
        CONSTRAINED_HIGH,
        /** Predictive High 4:4:4. */
        PREDICTIVE_HIGH_444
    }

    private record Pattern(int profileIdc, String mask, Profile profile) {
        boolean matches(int idc, int iop) {
            if (idc != profileIdc) {
                return false;
            }
            for (int bit = 0; bit < 8; bit++) {
                char c = mask.charAt(bit);
                int v = (iop >> (7 - bit)) & 1;
                if (c != 'x' && v != c - '0') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Pattern[] PATTERNS = {
        new Pattern(0x42, "x1xx0000", Profile.CONSTRAINED_BASELINE),
        new Pattern(0x4D, "1xxx0000", Profile.CONSTRAINED_BASELINE),
        new Pattern(0x58, "11xx0000", Profile.CONSTRAINED_BASELINE),
        new Pattern(0x42, "x0xx0000", Profile.BASELINE),
        new Pattern(0x58, "10xx0000", Profile.BASELINE),
        new Pattern(0x4D, "0x0x0000", Profile.MAIN),
        new Pattern(0x64, "00000000", Profile.HIGH),
        new Pattern(0x64, "00001100", Profile.CONSTRAINED_HIGH),
        new Pattern(0xF4, "x0000000", Profile.PREDICTIVE_HIGH_444),
    };

    public H264ProfileLevelId {
        if ((profileIdc | profileIop | levelIdc) < 0 || profileIdc > 255 || profileIop > 255 || levelIdc > 255) {
            throw new IllegalArgumentException("profile-level-id bytes must be 0-255");
        }
    }

    /** Parses six hex digits, e.g. {@code 42e01f}; empty when the text is not that. */
    public static Optional<H264ProfileLevelId> parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return Optional.empty();
        }
        for (int i = 0; i < 6; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 0x7f) {
                return Optional.empty();
            }
        }
        int v = Integer.parseInt(hex, 16);
        return Optional.of(new H264ProfileLevelId(v >> 16, (v >> 8) & 0xff, v & 0xff));
    }

    /** The profile-level-id of an H.264 codec's fmtp, or {@link #DEFAULT} when absent; empty when malformed. */
    public static Optional<H264ProfileLevelId> of(Codec codec) {
        Optional<String> v = codec.parameter("profile-level-id");
        return v.isEmpty() ? Optional.of(DEFAULT) : parse(v.get());
    }

    /** The packetization-mode of an H.264 codec's fmtp (RFC 6184 §8.1: 0 when absent, -1 if malformed). */
    public static int packetizationMode(Codec codec) {
        String v = codec.parameter("packetization-mode").orElse("0");
        return "0".equals(v) ? 0 : "1".equals(v) ? 1 : "2".equals(v) ? 2 : -1;
    }

    /** The named profile, if the pair is in the table. */
    public Optional<Profile> profile() {
        for (Pattern p : PATTERNS) {
            if (p.matches(profileIdc, profileIop)) {
                return Optional.of(p.profile());
            }
        }
        return Optional.empty();
    }

    /** True when both name the same profile (or, outside the table, the same two bytes). */
    public boolean sameProfile(H264ProfileLevelId other) {
        Optional<Profile> mine = profile();
        Optional<Profile> theirs = other.profile();
        if (mine.isPresent() || theirs.isPresent()) {
            return mine.equals(theirs);
        }
        return profileIdc == other.profileIdc && profileIop == other.profileIop;
    }

    /** Six lower-case hex digits. */
    public String toHex() {
        return String.format("%02x%02x%02x", profileIdc, profileIop, levelIdc);
    }
}
