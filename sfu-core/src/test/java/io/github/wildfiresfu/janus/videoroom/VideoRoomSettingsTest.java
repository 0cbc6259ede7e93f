package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgPosition;
import io.github.wildfiresfu.config.JcfgScalar;
import io.github.wildfiresfu.config.JcfgValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading {@code janus.plugin.videoroom.jcfg}: general settings and static rooms. */
class VideoRoomSettingsTest {

    private static final String FILE = "janus.plugin.videoroom.jcfg";

    /** Builds a parsed file; every value sits on its own line so messages can be checked. */
    private static JcfgGroup file(Map<String, Map<String, Object>> groups) {
        Map<String, JcfgValue> root = new LinkedHashMap<>();
        int line = 1;
        for (Map.Entry<String, Map<String, Object>> g : groups.entrySet()) {
            JcfgPosition groupAt = new JcfgPosition(FILE, line++, 1);
            Map<String, JcfgValue> entries = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : g.getValue().entrySet()) {
                Object v = e.getValue() instanceof Integer i ? Long.valueOf(i) : e.getValue();
                entries.put(e.getKey(), new JcfgScalar(v, new JcfgPosition(FILE, line++, 5)));
            }
            root.put(g.getKey(), new JcfgGroup(g.getKey(), g.getKey(), entries, groupAt));
        }
        return new JcfgGroup(FILE, "", root, new JcfgPosition(FILE, 1, 1));
    }

    @Test
    void readsGeneralAndEveryRoomOption() {
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("description", "Demo Room");
        room.put("is_private", "yes");
        room.put("secret", "adminpwd");
        room.put("pin", "1234");
        room.put("require_pvtid", true);
        room.put("publishers", 6);
        room.put("bitrate", "1000");
        room.put("bitrate_cap", true);
        room.put("fir_freq", 10);
        room.put("audiocodec", "OPUS,pcmu");
        room.put("videocodec", "vp9,h264");
        room.put("vp9_profile", "2");
        room.put("h264_profile", "42e01f");
        room.put("opus_fec", false);
        room.put("opus_dtx", true);
        room.put("video_svc", true);
        room.put("audiolevel_ext", false);
        room.put("audiolevel_event", true);
        room.put("audio_active_packets", 50);
        room.put("audio_level_average", 40);
        room.put("videoorient_ext", false);
        room.put("playoutdelay_ext", false);
        room.put("transport_wide_cc_ext", false);
        room.put("record", true);
        room.put("rec_dir", "/var/rec");
        room.put("lock_record", true);
        room.put("notify_joining", true);
        room.put("require_e2ee", true);
        room.put("dummy_publisher", true);
        room.put("pb_message", true);
        room.put("threads", 2);
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        groups.put("general", Map.of("admin_key", "supersecret", "lock_rtp_forward", true, "events", false,
                "remove_empty_rooms", false));
        groups.put("room-1234", room);
        groups.put("lobby", Map.of());
        List<String> warnings = new ArrayList<>();
        VideoRoomSettings s = VideoRoomSettings.fromJcfg(file(groups), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(s.adminKey()).isEqualTo("supersecret");
        assertThat(s.lockRtpForward()).isTrue();
        assertThat(s.notifyEvents()).isFalse();
        assertThat(s.removeEmptyRooms()).isFalse();
        assertThat(s.rooms()).hasSize(2);
        RoomSettings r = s.rooms().get(0);
        assertThat(r).isEqualTo(new RoomSettings("1234", "Demo Room", true, "adminpwd", "1234", true, false, 6, 64000,
                true, 10, List.of("opus", "pcmu"), List.of("vp9", "h264"), "2", "42e01f", false, true, false, false,
                true, 50, 40, false, false, false, true, "/var/rec", true, true, true, true, null, true, 2));
        // A group without "room-" keeps its name as id and, like Janus, as description.
        RoomSettings lobby = s.rooms().get(1);
        assertThat(lobby.room()).isEqualTo("lobby");
        assertThat(lobby.description()).isEqualTo("lobby");
        assertThat(lobby.publishers()).isEqualTo(3);
        assertThat(lobby.audioCodecs()).containsExactly("opus");
        assertThat(lobby.videoCodecs()).containsExactly("vp8");
        assertThat(lobby.opusFec()).isTrue();
        assertThat(lobby.audioActivePackets()).isZero();
    }

    @Test
    void warnsAboutUnknownKeysStringIdsAndDuplicates() {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        Map<String, Object> general = new LinkedHashMap<>();
        general.put("string_ids", false);
        general.put("colour", "red");
        groups.put("general", general);
        groups.put("room-a", Map.of("room", "x"));
        groups.put("a", Map.of());
        List<String> warnings = new ArrayList<>();
        VideoRoomSettings s = VideoRoomSettings.fromJcfg(file(groups), warnings::add);
        assertThat(s.rooms()).extracting(RoomSettings::room).containsExactly("a");
        assertThat(warnings).containsExactlyInAnyOrder(
                "janus.plugin.videoroom.jcfg:3:5: unknown key general.colour (ignored)",
                "janus.plugin.videoroom.jcfg:2:5: general.string_ids = false is ignored: Wildfire always uses string room and user ids",
                "janus.plugin.videoroom.jcfg:5:5: unknown key room-a.room (ignored)",
                "janus.plugin.videoroom.jcfg:6:1: room a already exists, group a skipped");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "publishers|many|janus.plugin.videoroom.jcfg:3:5: room-r.publishers: \"many\" is invalid; expected an integer from 0 to 2147483647",
        "bitrate|-5|janus.plugin.videoroom.jcfg:3:5: room-r.bitrate: -5 is invalid; expected an integer from 0 to 4294967295",
        "is_private|maybe|janus.plugin.videoroom.jcfg:3:5: room-r.is_private: \"maybe\" is invalid; expected true or false",
        "videocodec|vp8,foo|janus.plugin.videoroom.jcfg:3:5: room-r.videocodec: \"vp8,foo\" is invalid; expected a comma-separated list of av1, h264, h265, vp8, vp9",
        "audiocodec|opus,,pcmu|janus.plugin.videoroom.jcfg:3:5: room-r.audiocodec: \"opus,,pcmu\" is invalid; expected a comma-separated list of g722, isac16, isac32, l16, l16-48, multiopus, opus, pcma, pcmu, red",
        "audio_level_average|200|janus.plugin.videoroom.jcfg:3:5: room-r.audio_level_average: 200 is invalid; expected an integer from 1 to 127",
    })
    void badRoomValuesNameFileLineAndKey(String key, String value, String message) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        groups.put("general", Map.of());
        Object v = value.matches("-?\\d+") ? (Object) Long.valueOf(value) : value;
        groups.put("room-r", Map.of(key, v));
        assertThatThrownBy(() -> VideoRoomSettings.fromJcfg(file(groups), w -> { }))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void staticRoomsAreLiveAndHaveNoAcl() {
        RoomSettings r = RoomSettings.builder("s").allowed(List.of("t")).build();
        Harness h = new Harness(new VideoRoomSettings(null, false, true, true, List.of(r)));
        FakeHandle p = h.attach(1);
        assertThat(h.asyncData(p, "{'request':'join','ptype':'publisher','room':'s','id':'x'}").get("videoroom").asText())
                .isEqualTo("joined");
    }
}
