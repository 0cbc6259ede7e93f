package io.github.wildfiresfu.janus.videoroom;

import java.util.List;
import java.util.Objects;

/**
 * The options of one VideoRoom room, as Janus 1.1.2 reads them from a {@code room-<id>} group of
 * {@code janus.plugin.videoroom.jcfg} or from a {@code create} request, plus Wildfire's
 * {@code pb_message}. Immutable; values are already normalised the way Janus normalises them
 * (see {@link Builder#build()}).
 *
 * @param room              the room id (string ids are always on)
 * @param description       pretty name; Janus defaults it to {@code Room <id>} on create and to
 *                          the group name in the config file
 * @param isPrivate         hidden from {@code list} unless the admin key is given
 * @param secret            needed to edit/destroy/kick/moderate; null if none
 * @param pin               needed to join; null if none
 * @param requirePvtid      subscriptions must carry a valid {@code private_id}
 * @param signedTokens      signed-token check (only effective with signed tokens in the core)
 * @param publishers        maximum concurrent active publishers (default 3)
 * @param bitrate           REMB cap in bps (0 = none, else at least 64000)
 * @param bitrateCap        whether the cap is a hard limit
 * @param firFreq           seconds between periodic keyframe requests (0 = off)
 * @param audioCodecs       allowed audio codecs in preference order (default opus)
 * @param videoCodecs       allowed video codecs in preference order (default vp8)
 * @param vp9Profile        preferred VP9 profile (only kept if VP9 is allowed)
 * @param h264Profile       preferred H.264 profile (only kept if H.264 is allowed)
 * @param opusFec           negotiate Opus in-band FEC (default true; false without Opus)
 * @param opusDtx           negotiate Opus DTX
 * @param videoSvc          VP9 SVC (only kept for VP9-only rooms)
 * @param audiolevelExt     negotiate ssrc-audio-level (default true)
 * @param audiolevelEvent   emit talking events
 * @param audioActivePackets packets per talking decision (100; 0 when audiolevelEvent is off)
 * @param audioLevelAverage  talking threshold in dBov (25; 0 when audiolevelEvent is off)
 * @param videoorientExt    negotiate video-orientation (default true)
 * @param playoutdelayExt   negotiate playout-delay (default true)
 * @param transportWideCcExt negotiate transport-wide-cc (default true)
 * @param record            record publishers
 * @param recDir            recordings folder; null = current folder
 * @param lockRecord        recording state only changes with the secret
 * @param notifyJoining     notify {@code joining} and list {@code attendees}
 * @param requireE2ee       publishers and subscribers must use end-to-end encryption
 * @param dummyPublisher    Janus's placeholder publisher (stored; not created yet, see README)
 * @param allowed           ACL tokens for {@code join}; null = no ACL check
 * @param pbMessage         Wildfire: room notifications combined into one event per room
 *                          ({@code combine_session}) and the process switches to PB output
 * @param threads           helper threads (newer Janus and the Wildfire fork); stored only
 */
public record RoomSettings(
        String room, String description, boolean isPrivate, String secret, String pin,
        boolean requirePvtid, boolean signedTokens, int publishers, long bitrate, boolean bitrateCap,
        int firFreq, List<String> audioCodecs, List<String> videoCodecs, String vp9Profile,
        String h264Profile, boolean opusFec, boolean opusDtx, boolean videoSvc, boolean audiolevelExt,
        boolean audiolevelEvent, int audioActivePackets, int audioLevelAverage, boolean videoorientExt,
        boolean playoutdelayExt, boolean transportWideCcExt, boolean record, String recDir,
        boolean lockRecord, boolean notifyJoining, boolean requireE2ee, boolean dummyPublisher,
        List<String> allowed, boolean pbMessage, int threads) {

    /** Janus's default maximum number of publishers ("FIXME How should we choose a default?"). */
    public static final int DEFAULT_PUBLISHERS = 3;

    public RoomSettings {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(description, "description");
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        allowed = allowed == null ? null : List.copyOf(allowed);
    }

    /** A builder with Janus's defaults for room {@code id}. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder pre-filled with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(room);
        b.description = description;
        b.isPrivate = isPrivate;
        b.secret = secret;
        b.pin = pin;
        b.requirePvtid = requirePvtid;
        b.signedTokens = signedTokens;
        b.publishers = publishers;
        b.bitrate = bitrate;
        b.bitrateCap = bitrateCap;
        b.firFreq = firFreq;
        b.audioCodecs = audioCodecs;
        b.videoCodecs = videoCodecs;
        b.vp9Profile = vp9Profile;
        b.h264Profile = h264Profile;
        b.opusFec = opusFec;
        b.opusDtx = opusDtx;
        b.videoSvc = videoSvc;
        b.audiolevelExt = audiolevelExt;
        b.audiolevelEvent = audiolevelEvent;
        b.audioActivePackets = audioActivePackets;
        b.audioLevelAverage = audioLevelAverage;
        b.videoorientExt = videoorientExt;
        b.playoutdelayExt = playoutdelayExt;
        b.transportWideCcExt = transportWideCcExt;
        b.record = record;
        b.recDir = recDir;
        b.lockRecord = lockRecord;
        b.notifyJoining = notifyJoining;
        b.requireE2ee = requireE2ee;
        b.dummyPublisher = dummyPublisher;
        b.allowed = allowed;
        b.pbMessage = pbMessage;
        b.threads = threads;
        return b;
    }

    /** Mutable builder; {@link #build()} applies Janus's normalisation rules. */
    public static final class Builder {
        private final String room;
        private String description;
        private boolean isPrivate;
        private String secret;
        private String pin;
        private boolean requirePvtid;
        private boolean signedTokens;
        private long publishers = DEFAULT_PUBLISHERS;
        private long bitrate;
        private boolean bitrateCap;
        private long firFreq;
        private List<String> audioCodecs = List.of("opus");
        private List<String> videoCodecs = List.of("vp8");
        private String vp9Profile;
        private String h264Profile;
        private boolean opusFec = true;
        private boolean opusDtx;
        private boolean videoSvc;
        private boolean audiolevelExt = true;
        private boolean audiolevelEvent;
        private long audioActivePackets;
        private long audioLevelAverage;
        private boolean videoorientExt = true;
        private boolean playoutdelayExt = true;
        private boolean transportWideCcExt = true;
        private boolean record;
        private String recDir;
        private boolean lockRecord;
        private boolean notifyJoining;
        private boolean requireE2ee;
        private boolean dummyPublisher;
        private List<String> allowed;
        private boolean pbMessage;
        private int threads;

        private Builder(String room) {
            this.room = Objects.requireNonNull(room, "room");
        }

        public Builder description(String v) { description = v; return this; }
        public Builder isPrivate(boolean v) { isPrivate = v; return this; }
        public Builder secret(String v) { secret = v; return this; }
        public Builder pin(String v) { pin = v; return this; }
        public Builder requirePvtid(boolean v) { requirePvtid = v; return this; }
        public Builder signedTokens(boolean v) { signedTokens = v; return this; }
        public Builder publishers(long v) { publishers = v; return this; }
        public Builder bitrate(long v) { bitrate = v; return this; }
        public Builder bitrateCap(boolean v) { bitrateCap = v; return this; }
        public Builder firFreq(long v) { firFreq = v; return this; }
        public Builder audioCodecs(List<String> v) { audioCodecs = v; return this; }
        public Builder videoCodecs(List<String> v) { videoCodecs = v; return this; }
        public Builder vp9Profile(String v) { vp9Profile = v; return this; }
        public Builder h264Profile(String v) { h264Profile = v; return this; }
        public Builder opusFec(boolean v) { opusFec = v; return this; }
        public Builder opusDtx(boolean v) { opusDtx = v; return this; }
        public Builder videoSvc(boolean v) { videoSvc = v; return this; }
        public Builder audiolevelExt(boolean v) { audiolevelExt = v; return this; }
        public Builder audiolevelEvent(boolean v) { audiolevelEvent = v; return this; }
        public Builder audioActivePackets(long v) { audioActivePackets = v; return this; }
        public Builder audioLevelAverage(long v) { audioLevelAverage = v; return this; }
        public Builder videoorientExt(boolean v) { videoorientExt = v; return this; }
        public Builder playoutdelayExt(boolean v) { playoutdelayExt = v; return this; }
        public Builder transportWideCcExt(boolean v) { transportWideCcExt = v; return this; }
        public Builder record(boolean v) { record = v; return this; }
        public Builder recDir(String v) { recDir = v; return this; }
        public Builder lockRecord(boolean v) { lockRecord = v; return this; }
        public Builder notifyJoining(boolean v) { notifyJoining = v; return this; }
        public Builder requireE2ee(boolean v) { requireE2ee = v; return this; }
        public Builder dummyPublisher(boolean v) { dummyPublisher = v; return this; }
        public Builder allowed(List<String> v) { allowed = v; return this; }
        public Builder pbMessage(boolean v) { pbMessage = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        /**
         * Applies the rules of Janus's {@code create} handler and config loader
         * ({@code janus_videoroom.c} 1.1.2): negative publishers become 3; a bitrate below 64000
         * becomes 64000; profiles are dropped if their codec is not allowed; FEC/DTX only with
         * Opus; SVC only for VP9-only rooms; the talking thresholds default to 100/25 only when
         * {@code audiolevel_event} is on (0 otherwise, so {@code list} omits them).
         */
        public RoomSettings build() {
            int maxPublishers = publishers < 0 || publishers > Integer.MAX_VALUE ? DEFAULT_PUBLISHERS : (int) publishers;
            long rate = bitrate > 0 && bitrate < 64000 ? 64000 : bitrate;
            boolean hasOpus = audioCodecs.contains("opus");
            String vp9 = videoCodecs.contains("vp9") ? vp9Profile : null;
            String h264 = videoCodecs.contains("h264") ? h264Profile : null;
            boolean svc = videoSvc && videoCodecs.equals(List.of("vp9"));
            int activePackets = 0;
            int levelAverage = 0;
            if (audiolevelEvent) {
                activePackets = audioActivePackets > 0 ? (int) Math.min(audioActivePackets, Integer.MAX_VALUE) : 100;
                levelAverage = audioLevelAverage > 0 ? (int) Math.min(audioLevelAverage, Integer.MAX_VALUE) : 25;
            }
            String desc = description == null || description.isEmpty() ? "Room " + room : description;
            return new RoomSettings(room, desc, isPrivate, secret, pin, requirePvtid, signedTokens, maxPublishers,
                    rate & 0xffffffffL, bitrateCap, (int) (firFreq & 0xffff), audioCodecs, videoCodecs, vp9, h264,
                    opusFec && hasOpus, opusDtx && hasOpus, svc, audiolevelExt, audiolevelEvent, activePackets,
                    levelAverage, videoorientExt, playoutdelayExt, transportWideCcExt, record, recDir, lockRecord,
                    notifyJoining, requireE2ee, dummyPublisher, allowed, pbMessage, threads);
        }
    }
}
