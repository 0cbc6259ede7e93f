package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerAddressTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "192.168.1.81:1883      | 192.168.1.81:1883",
        "192.168.1.81           | 192.168.1.81:1884",
        "im.example.com:11883   | im.example.com:11883",
        "'  10.0.0.2:1883\r\n'  | 10.0.0.2:1883",
        "[::1]:1883             | [::1]:1883",
        "[fe80::1]              | [fe80::1]:1884",
        "::1                    | [::1]:1884",
        "''                     | NONE",
        "'   '                  | NONE",
        "host:                  | NONE",
        ":1883                  | NONE",
        "host:0                 | NONE",
        "host:65536             | NONE",
        "host:12ab              | NONE",
        "a b:1883               | NONE",
        "<html>404</html>       | NONE",
        "'{\"host\":\"x\"}'     | NONE",
        "'e\r\n10.0.0.2\r\n0'   | NONE",
        "[::1                   | NONE",
        "[::1]x                 | NONE",
    })
    void parsesTheNodeBodyLikeTheForkButStrictly(String body, String expected) {
        assertThat(BrokerAddress.parse(body, 1884).map(BrokerAddress::toString).orElse(null)).isEqualTo(expected);
    }
}
