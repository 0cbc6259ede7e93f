package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestVerbTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "{\"janus\":\"create\",\"transaction\":\"t\"}                          | create",
        "{\"transaction\":\"t\",\"body\":{\"janus\":\"x\"},\"janus\":\"Attach\"} | attach",
        "{\"janus\":\"claim\",\"janus\":\"destroy\"}                           | destroy",
        "{\"janus\":5}                                                         | NONE",
        "{\"transaction\":\"t\"}                                               | NONE",
        "[\"janus\"]                                                           | NONE",
        "{\"janus\":                                                           | NONE",
        "not json                                                              | NONE",
    })
    void readsTheTopLevelVerb(String body, String verb) {
        assertThat(RequestVerb.peek(body)).isEqualTo(verb);
    }
}
