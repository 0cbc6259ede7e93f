package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void roundTripsAndWritesAGzipMember() throws IOException {
        byte[] data = "{\"janus\":\"ping\",\"transaction\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        byte[] gz = Gzip.compress(data);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f); // RFC 1952 magic
        assertThat(gz[1] & 0xff).isEqualTo(0x8b);
        assertThat(Gzip.decompress(gz, 1024)).isEqualTo(data);
    }

    @Test
    void refusesBombsTruncationAndNonGzip() {
        byte[] bomb = Gzip.compress(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);
        assertThatThrownBy(() -> Gzip.decompress(bomb, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining("more than 1048576 bytes");
        byte[] gz = Gzip.compress("hello world".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Gzip.decompress(Arrays.copyOf(gz, gz.length - 6), 1024)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Gzip.decompress("plain".getBytes(StandardCharsets.UTF_8), 1024))
                .isInstanceOf(IOException.class);
    }
}
