package io.github.wildfiresfu.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordingFileNamesTest {

    @ParameterizedTest(name = "{0}/{1} {2}-{3} filename={4}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        "1234|5678  ; alice           ; AUDIO ; 0 ; null     ; videoroom-1234|5678-user-alice-1700000000123456-audio-0",
        "1234|5678  ; alice           ; VIDEO ; 1 ; null     ; videoroom-1234|5678-user-alice-1700000000123456-video-1",
        "1234|5678  ; alice           ; VIDEO ; 2 ; null     ; videoroom-1234|5678-user-alice-1700000000123456-video-2",
        "room       ; screen_sharing_bob ; DATA ; 3 ; null   ; videoroom-room-user-screen_sharing_bob-1700000000123456-data-3",
        "room       ; bob             ; VIDEO ; 1 ; pubtest  ; pubtest-video-1",
        "../etc     ; ../../x         ; AUDIO ; 0 ; null     ; videoroom-.._etc-user-.._.._x-1700000000123456-audio-0",
        "r          ; u               ; AUDIO ; 0 ; a/b      ; a_b-audio-0",
        "r          ; u               ; AUDIO ; 0 ; ..       ; __-audio-0",
    })
    void buildsJanusVideoRoomNamesAndKeepsThemInsideRecDir(String room, String user, MjrMediaType kind, int mindex,
                                                          String filename, String expected) {
        String codec = switch (kind) {
            case AUDIO -> "opus";
            case VIDEO -> "vp8";
            case DATA -> "binary";
        };
        StreamInfo info = StreamInfo.builder(room, user, kind, mindex, codec, Path.of("/rec")).filenameBase(filename)
                .build();
        String name = RecordingFileNames.baseName(info, 1_700_000_000_123_456L);
        assertThat(name).isEqualTo(expected);
        assertThat(Path.of("/rec").resolve(name + ".mjr").normalize().getParent()).isEqualTo(Path.of("/rec"));
    }

    @Test
    void streamInfoRefusesCodecsTheRecorderCannotWrite() {
        assertThatThrownBy(() -> StreamInfo.builder("r", "u", MjrMediaType.AUDIO, 0, "speex", Path.of("/r")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speex");
        assertThatThrownBy(() -> StreamInfo.builder("r", "u", MjrMediaType.AUDIO, 0, "vp8", Path.of("/r")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is video, not audio");
        assertThatThrownBy(() -> StreamInfo.builder("r", "u", MjrMediaType.AUDIO, -1, "opus", Path.of("/r")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
