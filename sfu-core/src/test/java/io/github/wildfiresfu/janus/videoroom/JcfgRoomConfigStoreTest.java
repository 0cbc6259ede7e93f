package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.config.JcfgParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JcfgRoomConfigStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedRoomReadsBackIdenticallyAndOtherGroupsSurvive() throws IOException {
        Path file = dir.resolve("janus.plugin.videoroom.jcfg");
        Files.writeString(file, """
                general: { admin_key = "k" }
                room-1234: { description = "Demo Room" publishers = 6 }
                """);
        RoomSettings room = RoomSettings.builder("call-42").description("Weekly").secret("s").pin("p")
                .publishers(9).bitrate(256000).firFreq(10).audioCodecs(List.of("opus"))
                .videoCodecs(List.of("vp8", "h264")).record(true).recDir("/rec").notifyJoining(true)
                .audiolevelEvent(true).audioActivePackets(50).audioLevelAverage(40).pbMessage(true).build();
        JcfgRoomConfigStore store = new JcfgRoomConfigStore(file);
        store.save(room);

        List<String> warnings = new ArrayList<>();
        VideoRoomSettings read = VideoRoomSettings.fromJcfg(JcfgParser.parseFile(file), warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(read.adminKey()).isEqualTo("k");
        assertThat(read.rooms()).extracting(RoomSettings::room).containsExactly("1234", "call-42");
        assertThat(read.rooms().get(1)).isEqualTo(room);

        store.remove("call-42");
        VideoRoomSettings after = VideoRoomSettings.fromJcfg(JcfgParser.parseFile(file), warnings::add);
        assertThat(after.rooms()).extracting(RoomSettings::room).containsExactly("1234");
    }

    @Test
    void wildfireIdsThatAreNoGroupNameFailClearly() {
        JcfgRoomConfigStore store = new JcfgRoomConfigStore(dir.resolve("v.jcfg"));
        RoomSettings room = RoomSettings.builder("alice|12345").build();
        assertThatThrownBy(() -> store.save(room)).isInstanceOf(IOException.class)
                .hasMessageContaining("alice|12345");
        assertThat(dir.resolve("v.jcfg")).doesNotExist();
    }

    @Test
    void createsTheFileWhenAbsent() throws IOException {
        Path file = dir.resolve("sub/janus.plugin.videoroom.jcfg");
        new JcfgRoomConfigStore(file).save(RoomSettings.builder("r1").build());
        assertThat(Files.readString(file)).contains("room-r1");
    }
}
