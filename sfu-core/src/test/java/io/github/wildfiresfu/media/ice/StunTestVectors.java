package io.github.wildfiresfu.media.ice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** Loads the RFC 5769 test vectors kept in {@code src/test/resources/stun/*.hex}. */
final class StunTestVectors {

    /** The short-term password of every RFC 5769 vector. */
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    private StunTestVectors() {
    }

    /** §2.1 Sample Request. */
    static byte[] sampleRequest() {
        return load("rfc5769-sample-request.hex");
    }

    /** §2.2 Sample IPv4 Response. */
    static byte[] ipv4Response() {
        return load("rfc5769-ipv4-response.hex");
    }

    /** §2.3 Sample IPv6 Response. */
    static byte[] ipv6Response() {
        return load("rfc5769-ipv6-response.hex");
    }

    static byte[] load(String name) {
        try (InputStream in = StunTestVectors.class.getResourceAsStream("/stun/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource stun/" + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining())
                    .replaceAll("\\s", "");
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
