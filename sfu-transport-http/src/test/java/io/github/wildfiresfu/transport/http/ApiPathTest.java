package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.transport.http.ApiPath.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How request paths split into ids, for base paths {@code /janus} and {@code /}. */
class ApiPathTest {

    @ParameterizedTest(name = "{0} {1} → {2} {3}/{4}")
    @CsvSource({
            "/janus, /janus,                  ROOT,    0, 0",
            "/janus, /janus/,                 ROOT,    0, 0",
            "/janus, /janus/123,              SESSION, 123, 0",
            "/janus, /janus/123/,             SESSION, 123, 0",
            "/janus, /janus/123/456,          HANDLE,  123, 456",
            "/janus, /janus/info,             INFO,    0, 0",
            "/janus, /janus/ping,             PING,    0, 0",
            "/janus, /janus/123/456/7,        INVALID, 0, 0",
            "/janus, /janus/abc,              INVALID, 0, 0",
            "/janus, /janus/12abc,            INVALID, 0, 0",
            "/janus, /janus/0,                INVALID, 0, 0",
            "/janus, /janus/-5,               INVALID, 0, 0",
            "/janus, /janus//5,               INVALID, 0, 0",
            "/janus, /janus/123/info,         INVALID, 0, 0",
            "/janus, /janus/99999999999999999999, INVALID, 0, 0",
            "/janus, /janusfoo,               INVALID, 0, 0",
            "/janus, /other,                  INVALID, 0, 0",
            "/janus, /,                       INVALID, 0, 0",
            "/,      /,                       ROOT,    0, 0",
            "/,      /42,                     SESSION, 42, 0",
            "/,      /42/43,                  HANDLE,  42, 43",
            "/,      /info,                   INFO,    0, 0",
            "/a/b,   /a/b/9,                  SESSION, 9, 0",
    })
    void splitsLikeJanus(String base, String path, Kind kind, long session, long handle) {
        assertThat(ApiPath.parse(base, path)).isEqualTo(new ApiPath(kind, session, handle));
    }

    @ParameterizedTest(name = "maxev={0} → {1}")
    @CsvSource({"'', 1", "1, 1", "10, 10", "0, 1", "-3, 1", "abc, 1", "5abc, 5", "99999999999999999999, 1000"})
    void maxevIsReadLikeAtoi(String value, int expected) {
        assertThat(HttpApiHandler.parseMaxEv(List.of(value))).isEqualTo(expected);
    }
}
