package io.github.wildfiresfu.transport.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (RFC 1952) both ways: requests on {@code zto} arrive gzip-compressed (the fork inflates
 * them with {@code inflateInit2(MAX_WBITS+16)}), and PB payloads over 1024 bytes leave compressed
 * ({@code deflateInit2(..., MAX_WBITS+16, ...)}, level {@code Z_DEFAULT_COMPRESSION}). Stateless.
 */
final class Gzip {

    private Gzip() {
    }

    /** A gzip member holding {@code data}, at the default level as the fork uses. */
    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            // In-memory streams do not fail.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Inflates {@code gz}, refusing to produce more than {@code maxBytes} (a few hundred bytes of
     * gzip can inflate to gigabytes: the fork's unbounded {@code realloc} loop is not copied).
     *
     * @throws IOException if {@code gz} is not gzip, is truncated, or inflates past {@code maxBytes}
     */
    static byte[] decompress(byte[] gz, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(256, gz.length * 4)));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > maxBytes) {
                    throw new IOException("inflates to more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }
}
