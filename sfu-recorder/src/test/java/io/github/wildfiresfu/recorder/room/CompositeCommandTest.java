package io.github.wildfiresfu.recorder.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompositeCommandTest {

    @ParameterizedTest(name = "{0} tiles on {1}x{2}")
    @CsvSource({
        // slots, width, height -> columns, rows, tile width, tile height, x and y of the last slot
        "1, 1280, 720, 1, 1, 1280, 720, 0, 0",
        "2, 1280, 720, 2, 1, 640, 720, 640, 0",
        "3, 1280, 720, 2, 2, 640, 360, 0, 360",
        "4, 1280, 720, 2, 2, 640, 360, 640, 360",
        "5, 1280, 720, 3, 2, 426, 360, 427, 360",   // 3 x 426 = 1278: centred, 1 px each side
        "9, 640, 360, 3, 3, 212, 120, 426, 240",
        "10, 1280, 720, 4, 3, 320, 240, 320, 480",  // 4 x 3; slot 9 is the second of the third row
    })
    void laysOutTheMostSquareGrid(int slots, int width, int height, int columns, int rows, int tileWidth,
                                  int tileHeight, int lastX, int lastY) {
        CompositeCommand.Grid g = CompositeCommand.Grid.of(slots, width, height);
        assertThat(g).isEqualTo(new CompositeCommand.Grid(width, height, columns, rows, tileWidth, tileHeight));
        assertThat(g.x(slots - 1)).isEqualTo(lastX);
        assertThat(g.y(slots - 1)).isEqualTo(lastY);
        assertThat(g.x(slots - 1) + tileWidth).isLessThanOrEqualTo(width);
        assertThat(g.y(slots - 1) + tileHeight).isLessThanOrEqualTo(height);
    }

    @Test
    void placesEachVideoAtItsOffsetInItsTileAndDelaysEachAudio() {
        List<String> args = CompositeCommand.build(
                List.of(new CompositeCommand.VideoInput(Path.of("/p/a.webm"), 0.0, 10.0, 0, Path.of("/p/label-0.txt")),
                        new CompositeCommand.VideoInput(Path.of("/p/b.webm"), 2.5, 6.0, 1, null)),
                List.of(new CompositeCommand.AudioInput(Path.of("/p/a.opus"), 0.02),
                        new CompositeCommand.AudioInput(Path.of("/p/b.opus"), 2.5)),
                CompositeCommand.Grid.of(2, 1280, 720), 25, Path.of("/fonts/Sans.ttf"), 10.5,
                Path.of("/out/m.webm.part"), "webm");
        String graph = args.get(args.indexOf("-filter_complex") + 1);

        // Inputs in order: videos (with -reinit_filter 0), then audio.
        assertThat(String.join(" ", args)).contains("-reinit_filter 0 -i /p/a.webm -reinit_filter 0 -i /p/b.webm"
                + " -i /p/a.opus -i /p/b.opus");
        assertThat(graph).startsWith("color=c=0x181818:s=1280x720:r=25:d=10.500000[bg]");
        // Half a frame earlier (1/50 s), so a canvas tick shows the nearest video frame.
        assertThat(graph).contains("[1:v]setpts=PTS-STARTPTS+2.480000/TB,scale=640:720");
        assertThat(graph).contains("[o0][v1]overlay=x=640:y=0:enable='between(t,2.480000,6.000000)'[o1]");
        assertThat(graph).contains("drawtext=fontfile=/fonts/Sans.ttf:textfile=/p/label-0.txt:expansion=none");
        assertThat(graph).contains("[2:a]aresample=48000,adelay=delays=960S:all=1[a2]");
        assertThat(graph).contains("[3:a]aresample=48000,adelay=delays=120000S:all=1[a3]");
        assertThat(graph).contains("[asil][a2][a3]amix=inputs=3:duration=first");
        assertThat(graph).contains("[o1]format=yuv420p[vout]");
        assertThat(String.join(" ", args)).contains("-map [vout] -map [aout] -c:v libvpx")
                .endsWith("-t 10.500000 -f webm /out/m.webm.part");
    }

    @Test
    void withoutVideoTheOutputIsAudioOnly() {
        List<String> args = CompositeCommand.build(List.of(),
                List.of(new CompositeCommand.AudioInput(Path.of("a.opus"), 0)), null, 30, null, 3, Path.of("o"), "mp4");
        assertThat(String.join(" ", args)).doesNotContain("[vout]").doesNotContain("libx264").contains("-c:a aac");
        assertThat(args.get(args.indexOf("-filter_complex") + 1)).startsWith("anullsrc");
    }

    @Test
    void escapesFilterOptionValuesAtBothLevels() {
        // ffmpeg-filters(1), "Notes on filtergraph escaping": ' and : at the option level, then [],;'\ again.
        assertThat(CompositeCommand.escape("/plain/path.ttf")).isEqualTo("/plain/path.ttf");
        assertThat(CompositeCommand.escape("/a:b")).isEqualTo("/a\\\\:b");
        assertThat(CompositeCommand.escape("it's")).isEqualTo("it\\\\\\'s");
        assertThat(CompositeCommand.escape("[x],y;z")).isEqualTo("\\[x\\]\\,y\\;z");
    }

    @Test
    void formatsFollowTheExtension() throws Exception {
        assertThat(CompositeCommand.formatOf("webm")).isEqualTo("webm");
        assertThat(CompositeCommand.formatOf("MKV")).isEqualTo("matroska");
        assertThat(CompositeCommand.formatOf("mp4")).isEqualTo("mp4");
        assertThatThrownBy(() -> CompositeCommand.formatOf("avi")).hasMessageContaining(".webm")
                .hasMessageContaining("not .avi");
    }
}
