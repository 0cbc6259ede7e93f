package io.github.wildfiresfu.recorder;

import io.github.wildfiresfu.recorder.mjr.MjrCodecs;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a recording is of and where it goes: everything {@link RecordingTap#open} needs, with no Janus
 * types. One stream of one publisher: a VideoRoom recorder per m-line.
 *
 * @param room               room id (Wildfire: a string; it becomes part of the file name)
 * @param user               publisher id
 * @param kind               audio, video or data
 * @param mindex             m-line index of the stream (Wildfire: audio 0, big video 1, small video 2)
 * @param codec              codec name as in the MJR header ({@code opus}, {@code vp8}, {@code h264}, …,
 *                           {@code text}/{@code binary} for data); must suit {@code kind}
 * @param fmtp               codec parameters for the header's {@code f}, or null
 * @param description        stream description for the header's {@code d}, or null
 * @param extmaps            negotiated RTP header extensions, id to URI (header {@code x}); may be empty
 * @param filenameBase       the publisher's {@code filename}, replacing
 *                           {@code videoroom-<room>-user-<id>-<µs>} in the file name, or null
 * @param recDir             directory of the room's recordings ({@code rec_dir}); created if missing
 * @param tmpExt             {@code recordings_tmp_ext}: write {@code .mjr.<tmpExt>} and rename on close;
 *                           null or empty to write {@code .mjr} directly
 * @param opusRedPayloadType payload type of Opus RED for the header's {@code or}, or 0
 * @param endToEndEncrypted  whether the media is end-to-end encrypted (header {@code e}; the
 *                           post-processor refuses such files)
 */
public record StreamInfo(String room, String user, MjrMediaType kind, int mindex, String codec, String fmtp,
                         String description, Map<Integer, String> extmaps, String filenameBase, Path recDir,
                         String tmpExt, int opusRedPayloadType, boolean endToEndEncrypted) {

    /** Validates and freezes. */
    public StreamInfo {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(recDir, "recDir");
        if (mindex < 0) {
            throw new IllegalArgumentException("mindex must not be negative, got " + mindex);
        }
        MjrMediaType codecKind = MjrCodecs.mediaTypeOf(codec);
        if (codecKind == null) {
            throw new IllegalArgumentException("codec \"" + codec + "\" cannot be recorded (record.c accepts"
                    + " vp8, vp9, h264, av1, h265, opus, multiopus, g711, pcmu, pcma, g722, text, binary)");
        }
        if (codecKind != kind) {
            throw new IllegalArgumentException("codec \"" + codec + "\" is " + codecKind.word() + ", not " + kind.word());
        }
        if (opusRedPayloadType < 0 || opusRedPayloadType > 127) {
            throw new IllegalArgumentException("opusRedPayloadType must be 0..127, got " + opusRedPayloadType);
        }
        extmaps = extmaps == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extmaps));
    }

    /** Starts a builder with the mandatory fields. */
    public static Builder builder(String room, String user, MjrMediaType kind, int mindex, String codec, Path recDir) {
        return new Builder(room, user, kind, mindex, codec, recDir);
    }

    /** Builder for the optional fields of {@link StreamInfo}. */
    public static final class Builder {
        private final String room;
        private final String user;
        private final MjrMediaType kind;
        private final int mindex;
        private final String codec;
        private final Path recDir;
        private String fmtp;
        private String description;
        private Map<Integer, String> extmaps = Map.of();
        private String filenameBase;
        private String tmpExt;
        private int opusRedPayloadType;
        private boolean endToEndEncrypted;

        private Builder(String room, String user, MjrMediaType kind, int mindex, String codec, Path recDir) {
            this.room = room;
            this.user = user;
            this.kind = kind;
            this.mindex = mindex;
            this.codec = codec;
            this.recDir = recDir;
        }

        /** Header {@code f}. */
        public Builder fmtp(String v) {
            this.fmtp = v;
            return this;
        }

        /** Header {@code d}. */
        public Builder description(String v) {
            this.description = v;
            return this;
        }

        /** Header {@code x}. */
        public Builder extmaps(Map<Integer, String> v) {
            this.extmaps = v;
            return this;
        }

        /** The publisher's {@code filename}. */
        public Builder filenameBase(String v) {
            this.filenameBase = v;
            return this;
        }

        /** {@code recordings_tmp_ext}. */
        public Builder tmpExt(String v) {
            this.tmpExt = v;
            return this;
        }

        /** Header {@code or}. */
        public Builder opusRedPayloadType(int v) {
            this.opusRedPayloadType = v;
            return this;
        }

        /** Header {@code e}. */
        public Builder endToEndEncrypted(boolean v) {
            this.endToEndEncrypted = v;
            return this;
        }

        /** @throws IllegalArgumentException when the fields do not fit together (see {@link StreamInfo}) */
        public StreamInfo build() {
            return new StreamInfo(room, user, kind, mindex, codec, fmtp, description, extmaps, filenameBase,
                    recDir, tmpExt, opusRedPayloadType, endToEndEncrypted);
        }
    }
}
