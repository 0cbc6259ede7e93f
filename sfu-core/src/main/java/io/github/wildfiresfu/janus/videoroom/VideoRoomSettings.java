package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of the VideoRoom plugin: the {@code general} section of
 * {@code janus.plugin.videoroom.jcfg} plus the static rooms (every other group). Immutable.
 *
 * @param adminKey         if set, {@code create} needs it and {@code list} shows private rooms with it
 * @param lockRtpForward   {@code rtp_forward}/{@code stop_rtp_forward} need the admin key too
 *                         (only effective with an admin key, as in Janus)
 * @param notifyEvents     Janus's {@code events} flag (event handlers; kept for completeness)
 * @param removeEmptyRooms Wildfire: a room is removed, without a {@code destroyed} event, when its
 *                         last participant leaves (wildfire-protocol.md §2 item 5); default true
 * @param rooms            static rooms, in file order
 */
public record VideoRoomSettings(String adminKey, boolean lockRtpForward, boolean notifyEvents,
        boolean removeEmptyRooms, List<RoomSettings> rooms) {

    /** Keys of the {@code general} group. */
    static final Set<String> GENERAL_KEYS = Set.of("admin_key", "lock_rtp_forward", "events", "string_ids",
            "remove_empty_rooms");
    /** Keys of a room group (Janus 1.1.2 plus Wildfire's {@code pb_message} and the fork's {@code threads}). */
    static final Set<String> ROOM_KEYS = Set.of("description", "is_private", "secret", "pin", "require_pvtid",
            "signed_tokens", "publishers", "bitrate", "bitrate_cap", "fir_freq", "audiocodec", "videocodec",
            "vp9_profile", "h264_profile", "opus_fec", "opus_dtx", "video_svc", "audiolevel_ext", "audiolevel_event",
            "audio_active_packets", "audio_level_average", "videoorient_ext", "playoutdelay_ext",
            "transport_wide_cc_ext", "record", "rec_dir", "lock_record", "notify_joining", "require_e2ee",
            "dummy_publisher", "dummy_streams", "pb_message", "threads");

    public VideoRoomSettings {
        rooms = List.copyOf(rooms);
    }

    /** No admin key, events on, empty rooms removed, no static rooms. */
    public static VideoRoomSettings defaults() {
        return new VideoRoomSettings(null, false, true, true, List.of());
    }

    /**
     * Reads {@code janus.plugin.videoroom.jcfg} (the root group of the parsed file). A bad value
     * throws {@link ConfigException} naming file:line:col and key; unknown keys and ignored
     * settings ({@code string_ids = false}, duplicate rooms) are reported to {@code warnings}.
     * The room id is the group name without its {@code room-} prefix, as in Janus's
     * {@code janus_videoroom_init}; a group without {@code description} is described by its name.
     */
    public static VideoRoomSettings fromJcfg(JcfgGroup root, Consumer<String> warnings) {
        JcfgGroup general = root.group("general");
        general.reportUnknownKeys(GENERAL_KEYS, warnings);
        String adminKey = general.optString("admin_key").orElse(null);
        boolean lockRtp = general.getBoolean("lock_rtp_forward", false) && adminKey != null;
        boolean events = general.getBoolean("events", true);
        if (!general.getBoolean("string_ids", true)) {
            warnings.accept(general.get("string_ids").map(JcfgValue::position).map(Object::toString).orElse("")
                    + ": " + general.qualify("string_ids")
                    + " = false is ignored: Wildfire always uses string room and user ids");
        }
        boolean removeEmpty = general.getBoolean("remove_empty_rooms", true);
        Map<String, RoomSettings> rooms = new LinkedHashMap<>();
        for (JcfgGroup g : root.groups()) {
            if (g.name().equalsIgnoreCase("general")) {
                continue;
            }
            RoomSettings room = roomFromJcfg(g, warnings);
            if (rooms.containsKey(room.room())) {
                warnings.accept(g.position() + ": room " + room.room() + " already exists, group " + g.name()
                        + " skipped");
                continue;
            }
            rooms.put(room.room(), room);
        }
        return new VideoRoomSettings(adminKey, lockRtp, events, removeEmpty, new ArrayList<>(rooms.values()));
    }

    private static RoomSettings roomFromJcfg(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(ROOM_KEYS, warnings);
        String id = g.name().startsWith("room-") ? g.name().substring(5) : g.name();
        RoomSettings.Builder b = RoomSettings.builder(id);
        String desc = g.optString("description").filter(s -> !s.isEmpty()).orElse(g.name());
        b.description(desc);
        b.isPrivate(g.getBoolean("is_private", false));
        g.optString("secret").ifPresent(b::secret);
        g.optString("pin").ifPresent(b::pin);
        b.requirePvtid(g.getBoolean("require_pvtid", false));
        b.signedTokens(g.getBoolean("signed_tokens", false));
        b.publishers(g.getLong("publishers", RoomSettings.DEFAULT_PUBLISHERS, 0, Integer.MAX_VALUE));
        b.bitrate(g.getLong("bitrate", 0, 0, 0xffffffffL));
        b.bitrateCap(g.getBoolean("bitrate_cap", false));
        b.firFreq(g.getLong("fir_freq", 0, 0, 0xffff));
        g.optString("audiocodec").ifPresent(v -> b.audioCodecs(codecs(g, "audiocodec", v, Codecs.AUDIO)));
        g.optString("videocodec").ifPresent(v -> b.videoCodecs(codecs(g, "videocodec", v, Codecs.VIDEO)));
        g.optString("vp9_profile").ifPresent(b::vp9Profile);
        g.optString("h264_profile").ifPresent(b::h264Profile);
        b.opusFec(g.getBoolean("opus_fec", true));
        b.opusDtx(g.getBoolean("opus_dtx", false));
        b.videoSvc(g.getBoolean("video_svc", false));
        b.audiolevelExt(g.getBoolean("audiolevel_ext", true));
        b.audiolevelEvent(g.getBoolean("audiolevel_event", false));
        b.audioActivePackets(g.getLong("audio_active_packets", 0, 1, Integer.MAX_VALUE));
        b.audioLevelAverage(g.getLong("audio_level_average", 0, 1, 127));
        b.videoorientExt(g.getBoolean("videoorient_ext", true));
        b.playoutdelayExt(g.getBoolean("playoutdelay_ext", true));
        b.transportWideCcExt(g.getBoolean("transport_wide_cc_ext", true));
        b.record(g.getBoolean("record", false));
        g.optString("rec_dir").ifPresent(b::recDir);
        b.lockRecord(g.getBoolean("lock_record", false));
        b.notifyJoining(g.getBoolean("notify_joining", false));
        b.requireE2ee(g.getBoolean("require_e2ee", false));
        b.dummyPublisher(g.getBoolean("dummy_publisher", false));
        b.pbMessage(g.getBoolean("pb_message", false));
        b.threads(g.getInt("threads", 0, 0, 64));
        // Static rooms have no ACL: Janus sets check_allowed = FALSE for them ("no hooks to the
        // configuration file"), so the "allowed" list is only settable through the API.
        return b.build();
    }

    private static List<String> codecs(JcfgGroup g, String key, String value, Set<String> known) {
        List<String> list = Codecs.parse(value, known);
        if (list == null || list.isEmpty()) {
            throw ConfigException.invalid(g.get(key).orElseThrow().position(), g.qualify(key), value,
                    "expected a comma-separated list of " + String.join(", ", new java.util.TreeSet<>(known)));
        }
        return list;
    }
}
