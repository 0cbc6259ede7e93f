package io.github.wildfiresfu.recorder.container.webm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EbmlTest {

    @ParameterizedTest(name = "size {0}")
    @CsvSource({
        // RFC 8794 §4: the shortest variable-length integer; all-ones values are reserved (unknown size).
        "0, 80",
        "1, 81",
        "126, fe",
        "127, 407f",
        "16382, 7ffe",
        "16383, 203fff",
        "2097150, 3ffffe",
        "2097151, 101fffff",
    })
    void writesSizesAsShortestVariableLengthIntegers(long size, String hex) {
        assertThat(HexFormat.of().formatHex(new Ebml().size(size).toByteArray())).isEqualTo(hex.length() % 2 == 0
                ? hex : "0" + hex);
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource({"1A45DFA3, 1a45dfa3", "A3, a3", "4286, 4286", "2AD7B1, 2ad7b1"})
    void writesIdsWithTheirMarkerBits(String id, String hex) {
        assertThat(HexFormat.of().formatHex(new Ebml().id(Integer.parseUnsignedInt(id, 16)).toByteArray())).isEqualTo(hex);
    }

    @ParameterizedTest(name = "uint {0}")
    @CsvSource({"0, d78100", "1, d78101", "256, d7820100", "1000000, d7830f4240"})
    void writesUnsignedIntegersInTheFewestBytes(long v, String hex) {
        assertThat(HexFormat.of().formatHex(new Ebml().uint(0xD7, v).toByteArray())).isEqualTo(hex);
    }
}
