package io.github.wildfiresfu.recorder.container.ogg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OggOpusTest {

    @Test
    void crcMatchesTheOggPolynomial() {
        // CRC-32/MPEG-2 variant without init/xorout (RFC 3533 §6): check value of "123456789" is 0x89A1897F.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(OggPageWriter.crc(0, check, 0, check.length)).isEqualTo(0x89A1897F);
    }

    @ParameterizedTest(name = "TOC {0}")
    @CsvSource({
        // toc, second byte, length, samples (RFC 6716 §3.1)
        "0xF8, 0x00, 3, 960",   // CELT FB 20 ms, one frame
        "0xE0, 0x00, 3, 120",   // CELT 2.5 ms
        "0x78, 0x00, 3, 960",   // Hybrid FB 20 ms
        "0x08, 0x00, 3, 960",   // SILK NB 20 ms
        "0x18, 0x00, 3, 2880",  // SILK NB 60 ms
        "0xF9, 0x00, 3, 1920",  // two frames, code 1
        "0xFA, 0x00, 3, 1920",  // two frames, code 2
        "0xFB, 0x03, 3, 2880",  // code 3, three frames
        "0xFB, 0x07, 3, -1",    // code 3, 7 × 20 ms = 140 ms > 120 ms
        "0xFB, 0x00, 3, -1",    // code 3, zero frames
        "0xFB, 0x00, 1, -1",    // code 3 without its count byte
    })
    void readsPacketDurationsFromTheToc(int toc, int second, int len, int samples) {
        byte[] p = {(byte) toc, (byte) second, 0};
        assertThat(OpusToc.samples(p, 0, len)).isEqualTo(samples);
    }

    @Test
    void emptyPacketHasNoDuration() {
        assertThat(OpusToc.samples(new byte[0], 0, 0)).isEqualTo(-1);
    }

    /** Parses pages back: {flags, granule, seq, segment count, body length}. */
    private static List<long[]> pages(byte[] file) {
        List<long[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < file.length) {
            assertThat(new String(file, at, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
            int segs = file[at + 26] & 0xFF;
            int body = 0;
            for (int i = 0; i < segs; i++) {
                body += file[at + 27 + i] & 0xFF;
            }
            // The stored CRC is that of the page with the CRC field zeroed.
            byte[] page = java.util.Arrays.copyOfRange(file, at, at + 27 + segs + body);
            int stored = b.getInt(at + 22);
            page[22] = page[23] = page[24] = page[25] = 0;
            assertThat(OggPageWriter.crc(0, page, 0, page.length)).isEqualTo(stored);
            out.add(new long[] {file[at + 5], b.getLong(at + 6), b.getInt(at + 18), segs, body});
            at += 27 + segs + body;
        }
        return out;
    }

    @Test
    void writesHeadersThenAudioPagesWithGranulePositionsAndEndOfStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OggOpusWriter w = new OggOpusWriter(out, 42, 2, 0, 48_000, "test")) {
            byte[] p = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
            for (int i = 0; i < 120; i++) {
                w.writePacket(p, 0, p.length, 960);
            }
            assertThat(w.samplesWritten()).isEqualTo(120 * 960);
        }
        byte[] file = out.toByteArray();
        assertThat(new String(file, 28, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        List<long[]> pages = pages(file);
        assertThat(pages.get(0)[0]).isEqualTo(0x02); // Beginning of stream.
        assertThat(pages.get(0)[1]).isZero();
        assertThat(pages.get(1)[1]).isZero(); // OpusTags page.
        // Audio pages close at one second (50 packets of 20 ms); the last one carries end-of-stream.
        assertThat(pages.subList(2, pages.size())).extracting(pg -> pg[1]).containsExactly(48_000L, 96_000L, 115_200L);
        assertThat(pages.get(pages.size() - 1)[0]).isEqualTo(0x04);
        assertThat(pages).extracting(pg -> pg[2]).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aPacketLongerThanAPageContinuesOnTheNext() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggPageWriter w = new OggPageWriter(out, 1);
        byte[] big = new byte[255 * 300];
        w.addPacket(big, 0, big.length, -1);
        w.flushPage(960, true);
        List<long[]> pages = pages(out.toByteArray());
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0)[1]).isEqualTo(-1); // No packet ends on the first page.
        assertThat(pages.get(0)[3]).isEqualTo(255);
        assertThat(pages.get(1)[0]).isEqualTo(0x01 | 0x04); // Continued, end of stream.
        assertThat(pages.get(0)[4] + pages.get(1)[4]).isEqualTo(big.length);
    }
}
