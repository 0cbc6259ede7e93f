package io.github.wildfiresfu.recorder.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Speech from levels, as a table. Levels are written {@code from-to:dbov} in ms, one level every 20 ms
 * (a packet's worth) in between; time with no level is DTX (silence). Expected intervals in ms.
 */
class SpeechDetectorTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("silence only", "0-2000:127", ""),
                Arguments.of("one loud second", "0-1000:127, 1000-2000:20, 2000-3000:127", "1000-2000"),
                Arguments.of("exactly at the threshold is speech", "0-500:40", "0-500"),
                Arguments.of("one dB quieter is not", "0-500:41", ""),
                Arguments.of("a 200 ms pause between words is bridged", "0-1000:20, 1000-1200:127, 1200-2000:20",
                        "0-2000"),
                Arguments.of("a 300 ms pause splits the turn", "0-1000:20, 1000-1300:127, 1300-2000:20",
                        "0-1000 1300-2000"),
                Arguments.of("DTX (no packets) is silence, and bridged when short",
                        "0-1000:20, 1200-2000:20, 3000-3500:20", "0-2000 3000-3500"),
                Arguments.of("a window's mean decides: half loud (10) half silent (127) is not speech",
                        "0-50:10, 50-100:127", ""),
                Arguments.of("...but mostly loud is", "0-80:10, 80-100:127", "0-100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsSpeech(String why, String levels, String expected) {
        long t0 = 1_700_000_000_000_000L;
        List<SpeechDetector.Level> in = new ArrayList<>();
        for (String part : levels.split(",")) {
            String[] f = part.trim().split("[-:]");
            for (long ms = Long.parseLong(f[0]); ms < Long.parseLong(f[1]); ms += 20) {
                in.add(new SpeechDetector.Level(t0 + ms * 1000, Integer.parseInt(f[2])));
            }
        }
        List<SpeechDetector.Interval> out = new SpeechDetector(SpeechDetector.DEFAULT_THRESHOLD_DBOV).speaking(in);
        assertThat(out.stream().map(i -> (i.startMicros() - t0) / 1000 + "-" + (i.endMicros() - t0) / 1000)
                .collect(Collectors.joining(" "))).isEqualTo(expected);
    }

    @Test
    void orderOfLevelsDoesNotMatterAndThresholdIsChecked() {
        List<SpeechDetector.Level> in = new ArrayList<>();
        for (int ms = 980; ms >= 0; ms -= 20) {
            in.add(new SpeechDetector.Level(ms * 1000L, 30));
        }
        assertThat(new SpeechDetector(40).speaking(in)).containsExactly(new SpeechDetector.Interval(0, 1_000_000));
        assertThat(new SpeechDetector(29).speaking(in)).isEmpty();
        assertThatThrownBy(() -> new SpeechDetector(128)).hasMessageContaining("0..127");
    }
}
