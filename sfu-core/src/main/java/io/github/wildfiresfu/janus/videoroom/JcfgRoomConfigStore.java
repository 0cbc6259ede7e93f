package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgParser;
import io.github.wildfiresfu.config.JcfgWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code permanent: true} rooms in {@code janus.plugin.videoroom.jcfg}, as Janus's
 * {@code janus_config_save} does: the file is re-read, the {@code room-<id>} group replaced or
 * removed, and the whole file written back atomically (temp file + rename), so a crash never
 * leaves half a config. Other groups (general, static rooms) are kept as they are.
 *
 * <p>Room ids that cannot be jcfg group names (Wildfire's {@code alice|12345}: libconfig names
 * allow only letters, digits, {@code -}, {@code _} and {@code *}) fail with an IOException, which
 * the plugin answers with {@code "permanent": false}, as Janus does when saving fails.
 * Called on the signalling thread only.
 */
public final class JcfgRoomConfigStore implements RoomConfigStore {

    private final Path file;

    public JcfgRoomConfigStore(Path file) {
        this.file = file;
    }

    @Override
    public void save(RoomSettings room) throws IOException {
        String groupName = groupName(room.room());
        JcfgGroup root = read();
        JcfgGroup roomGroup = JcfgGroup.of(groupName, toValues(room));
        write(root.without(groupName).with(groupName, roomGroup));
    }

    @Override
    public void remove(String roomId) throws IOException {
        String groupName = groupName(roomId);
        JcfgGroup root = read();
        if (root.has(groupName)) {
            write(root.without(groupName));
        }
    }

    private static String groupName(String roomId) throws IOException {
        String name = "room-" + roomId;
        if (!JcfgWriter.isValidName(name)) {
            throw new IOException("room id \"" + roomId + "\" cannot be saved as a jcfg group name"
                    + " (allowed: letters, digits, '-', '_', '*')");
        }
        return name;
    }

    private JcfgGroup read() {
        String fileName = file.getFileName().toString();
        return Files.exists(file) ? JcfgParser.parseFile(file) : JcfgGroup.empty(fileName);
    }

    private void write(JcfgGroup root) throws IOException {
        JcfgWriter.writeAtomically(root, file,
                List.of("File automatically generated on " + ZonedDateTime.now() + " by Wildfire SFU"));
    }

    /** The keys Janus writes for a permanent room (janus_videoroom.c, "create" with permanent). */
    static Map<String, Object> toValues(RoomSettings r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("description", r.description());
        if (r.isPrivate()) {
            v.put("is_private", true);
        }
        if (r.secret() != null) {
            v.put("secret", r.secret());
        }
        if (r.pin() != null) {
            v.put("pin", r.pin());
        }
        if (r.requirePvtid()) {
            v.put("require_pvtid", true);
        }
        if (r.signedTokens()) {
            v.put("signed_tokens", true);
        }
        v.put("publishers", (long) r.publishers());
        if (r.bitrate() > 0) {
            v.put("bitrate", r.bitrate());
        }
        if (r.bitrateCap()) {
            v.put("bitrate_cap", true);
        }
        if (r.firFreq() > 0) {
            v.put("fir_freq", (long) r.firFreq());
        }
        v.put("audiocodec", String.join(",", r.audioCodecs()));
        v.put("videocodec", String.join(",", r.videoCodecs()));
        if (r.vp9Profile() != null) {
            v.put("vp9_profile", r.vp9Profile());
        }
        if (r.h264Profile() != null) {
            v.put("h264_profile", r.h264Profile());
        }
        v.put("opus_fec", r.opusFec());
        if (r.opusDtx()) {
            v.put("opus_dtx", true);
        }
        if (r.videoSvc()) {
            v.put("video_svc", true);
        }
        v.put("audiolevel_ext", r.audiolevelExt());
        v.put("audiolevel_event", r.audiolevelEvent());
        if (r.audiolevelEvent()) {
            v.put("audio_active_packets", (long) r.audioActivePackets());
            v.put("audio_level_average", (long) r.audioLevelAverage());
        }
        v.put("videoorient_ext", r.videoorientExt());
        v.put("playoutdelay_ext", r.playoutdelayExt());
        v.put("transport_wide_cc_ext", r.transportWideCcExt());
        if (r.record()) {
            v.put("record", true);
        }
        if (r.recDir() != null) {
            v.put("rec_dir", r.recDir());
        }
        if (r.lockRecord()) {
            v.put("lock_record", true);
        }
        if (r.notifyJoining()) {
            v.put("notify_joining", true);
        }
        if (r.requireE2ee()) {
            v.put("require_e2ee", true);
        }
        if (r.dummyPublisher()) {
            v.put("dummy_publisher", true);
        }
        if (r.pbMessage()) {
            v.put("pb_message", true);
        }
        if (r.threads() > 0) {
            v.put("threads", (long) r.threads());
        }
        return v;
    }
}
