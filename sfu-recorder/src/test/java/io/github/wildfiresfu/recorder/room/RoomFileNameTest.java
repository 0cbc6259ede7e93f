package io.github.wildfiresfu.recorder.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.RecordingFileNames;
import io.github.wildfiresfu.recorder.StreamInfo;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoomFileNameTest {

    @ParameterizedTest(name = "{0} in room {1}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        // name; room; participant; micros; kind; mindex
        "videoroom-1234-user-alice-1700000000000000-audio-0.mjr; 1234; alice; 1700000000000000; AUDIO; 0",
        "videoroom-1234-user-alice-1700000000000000-video-2.mjr; 1234; alice; 1700000000000000; VIDEO; 2",
        "videoroom-1234-user-alice-1700000000000000-data-3.mjr; 1234; alice; 1700000000000000; DATA; 3",
        // Wildfire ids: '|' in rooms, '-' in users; the fixed suffix anchors the parse.
        "videoroom-u1|98765-user-bob-the-builder-17-video-1.mjr; u1|98765; bob-the-builder; 17; VIDEO; 1",
        "videoroom-a-b-user-c-user-d-5-audio-0.mjr; a-b; c-user-d; 5; AUDIO; 0",
        // Janus 0.x: no mindex.
        "videoroom-1234-user-alice-1700000000000000-video.mjr; 1234; alice; 1700000000000000; VIDEO; -1",
        // Not this room, not a recording, unfinished, or not the pattern.
        "videoroom-12345-user-alice-1-audio-0.mjr; 1234; null; 0; null; 0",
        "videoroom-1234-user-alice-1-audio-0.mjr.tmp; 1234; null; 0; null; 0",
        "videoroom-1234-user-alice-audio-0.mjr; 1234; null; 0; null; 0",
        "videoroom-1234-user-alice-1-screen-0.mjr; 1234; null; 0; null; 0",
        "pubtest-audio-0.mjr; 1234; null; 0; null; 0",
    })
    void parsesVideoRoomNames(String name, String room, String participant, long micros, MjrMediaType kind,
                              int mindex) {
        RoomFileName n = RoomFileName.parse(name, room);
        if (participant == null) {
            assertThat(n).isNull();
        } else {
            assertThat(n).isEqualTo(new RoomFileName(participant, micros, kind, mindex));
        }
    }

    @ParameterizedTest(name = "{0} as filename {1}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        "pubtest-audio-0.mjr; pubtest; AUDIO; 0",
        "pubtest-video-1.mjr; pubtest; VIDEO; 1",
        "pubtest-video.mjr; pubtest; VIDEO; -1",
        "pubtest2-video-1.mjr; pubtest; null; 0",
        "pubtest-video-1.mjr.tmp; pubtest; null; 0",
    })
    void parsesNamesGivenWithFilename(String name, String base, MjrMediaType kind, int mindex) {
        RoomFileName n = RoomFileName.parseNamed(name, base, "Alice");
        if (kind == null) {
            assertThat(n).isNull();
        } else {
            assertThat(n).isEqualTo(new RoomFileName("Alice", -1, kind, mindex));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"a/b; x", "room; ../../etc"})
    void findsWhatTheRecorderWroteForIdsItHadToMakeSafe(String room, String user) {
        StreamInfo info = StreamInfo.builder(room, user, MjrMediaType.VIDEO, 1, "vp8", Path.of("/tmp")).build();
        String written = RecordingFileNames.baseName(info, 42) + ".mjr";
        assertThat(RoomFileName.parse(written, room))
                .isEqualTo(new RoomFileName(RecordingFileNames.safe(user), 42, MjrMediaType.VIDEO, 1));
    }
}
