package io.github.wildfiresfu.media.rtp;

import java.util.HexFormat;

/** Hex fixtures: whitespace and "|" separators are ignored so vectors can be laid out by field. */
public final class Hex {

    private Hex() {
    }

    /** Bytes of a hex string with spaces, newlines and '|' allowed between bytes. */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    /** Lower-case hex of {@code len} bytes at {@code off}. */
    public static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
