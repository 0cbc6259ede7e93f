package io.github.wildfiresfu.recorder.mjr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.recorder.testing.MjrBytes;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MjrWriterReaderTest {

    @TempDir
    Path dir;

    private static MjrHeader opus() {
        return MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", null, null, null, 1_000_000L, 0, 0, false);
    }

    /** Packets of 20..(20+n) bytes with arrival times 0, 20, 40 ms… */
    private Path writeOpus(String name, int n, String tmpExt) throws IOException {
        try (MjrWriter w = MjrWriter.create(dir, name, tmpExt, opus(), 256)) {
            for (int i = 0; i < n; i++) {
                byte[] p = Rtp.packet(111, i + 1, 960L * i, 0x1234, false, Rtp.payload(i, 8 + i));
                w.write(p, 0, p.length, 5_000_000L + 20_000L * i, 1_700_000_000_000_000L + 20_000L * i);
            }
        }
        return dir.resolve(name + ".mjr");
    }

    private static List<byte[]> readAll(MjrReader r) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (MjrRecord rec = r.next(); rec != null; rec = r.next()) {
            out.add(Arrays.copyOfRange(rec.buffer(), rec.bufferOffset(), rec.bufferOffset() + rec.length()));
        }
        return out;
    }

    @Test
    void roundTripsPacketsArrivalTimesAndTheLazyHeader() throws IOException {
        Path f = writeOpus("a", 50, null);

        byte[] bytes = Files.readAllBytes(f);
        assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MJR00002");
        try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
            assertThat(r.format()).isEqualTo(MjrFormat.MJR00002);
            assertThat(r.header().codec()).isEqualTo("opus");
            assertThat(r.header().createdMicros()).isEqualTo(1_000_000L);
            // u is the wall time given with the first packet.
            assertThat(r.header().firstWriteMicros()).isEqualTo(1_700_000_000_000_000L);
            List<Long> times = new ArrayList<>();
            int i = 0;
            for (MjrRecord rec = r.next(); rec != null; rec = r.next(), i++) {
                byte[] expected = Rtp.packet(111, i + 1, 960L * i, 0x1234, false, Rtp.payload(i, 8 + i));
                assertThat(Arrays.copyOfRange(rec.buffer(), rec.bufferOffset(), rec.bufferOffset() + rec.length()))
                        .isEqualTo(expected);
                byte[] again = new byte[rec.length()];
                r.readAt(rec.packetOffset(), again, 0, again.length);
                assertThat(again).isEqualTo(expected);
                times.add(rec.arrivalMillis());
            }
            assertThat(i).isEqualTo(50);
            assertThat(times.subList(0, 4)).containsExactly(0L, 20L, 40L, 60L);
            assertThat(r.problem()).isNull();
        }
    }

    @Test
    void aRecordingWithoutPacketsIsJustTheMagicAndTheReaderSaysWhy() throws IOException {
        try (MjrWriter w = MjrWriter.create(dir, "empty", null, opus(), 256)) {
            assertThat(w.records()).isZero();
        }
        Path f = dir.resolve("empty.mjr");
        assertThat(Files.readAllBytes(f)).hasSize(8);
        assertThatThrownBy(() -> MjrReader.open(f, MjrReader.Mode.SALVAGE))
                .isInstanceOf(MjrFormatException.class).hasMessageContaining("no packet was ever written");
    }

    @Test
    void writesUnderTheTemporaryNameAndRenamesOnClose() throws IOException {
        MjrWriter w = MjrWriter.create(dir, "t", "tmp", opus(), 256);
        byte[] p = Rtp.packet(111, 1, 0, 1, false, Rtp.payload(0, 10));
        w.write(p, 0, p.length, 0, 1);
        assertThat(dir.resolve("t.mjr.tmp")).exists();
        assertThat(dir.resolve("t.mjr")).doesNotExist();
        w.close();
        assertThat(dir.resolve("t.mjr.tmp")).doesNotExist();
        assertThat(dir.resolve("t.mjr")).exists();
        assertThat(w.finalPath()).isEqualTo(dir.resolve("t.mjr"));
    }

    @Test
    void dataRecordsCarryTheRealTimePrefix() throws IOException {
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.DATA, "text", null, null, null, 5, 0, 0, false);
        try (MjrWriter w = MjrWriter.create(dir, "d", null, h, 64)) {
            byte[] msg = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            w.write(msg, 0, msg.length, 100_000, 1_700_000_000_000_001L);
            w.write(msg, 1, 4, 400_000, 1_700_000_000_300_001L);
        }
        try (MjrReader r = MjrReader.open(dir.resolve("d.mjr"), MjrReader.Mode.STRICT)) {
            MjrRecord a = r.next();
            assertThat(a.length()).isEqualTo(5);
            assertThat(a.realTimeMicros()).isEqualTo(1_700_000_000_000_001L);
            assertThat(a.arrivalMillis()).isZero();
            MjrRecord b = r.next();
            assertThat(new String(b.buffer(), b.bufferOffset(), b.length(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("ello");
            assertThat(b.arrivalMillis()).isEqualTo(300);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void aRecordLargerThanTheBufferIsWrittenWhole() throws IOException {
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.VIDEO, "vp8", null, null, null, 1, 0, 0, false);
        byte[] big = Rtp.packet(96, 7, 90_000, 9, true, Rtp.payload(3, 1400));
        try (MjrWriter w = MjrWriter.create(dir, "v", null, h, 64)) {
            w.write(big, 0, big.length, 0, 1);
            w.write(big, 0, big.length, 33_000, 2);
        }
        try (MjrReader r = MjrReader.open(dir.resolve("v.mjr"), MjrReader.Mode.STRICT)) {
            assertThat(readAll(r)).hasSize(2).allSatisfy(p -> assertThat(p).isEqualTo(big));
        }
    }

    @Test
    void refusesEmptyAndOversizedPackets() throws IOException {
        try (MjrWriter w = MjrWriter.create(dir, "x", null, opus(), 256)) {
            assertThatThrownBy(() -> w.write(new byte[0], 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.write(new byte[70_000], 0, 70_000, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Cutting the file anywhere inside the last record loses only that record. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 9, 10, 11, 20, 27})
    void readsATruncatedFileUpToTheLastWholeRecord(int cut) throws IOException {
        Path f = writeOpus("trunc", 10, null);
        byte[] all = Files.readAllBytes(f);
        // The last record is 10 bytes of prefix + 12-byte RTP header + 17 bytes of payload = 39 bytes.
        Path cutFile = dir.resolve("cut.mjr");
        Files.write(cutFile, Arrays.copyOf(all, all.length - 39 + cut));

        try (MjrReader r = MjrReader.open(cutFile, MjrReader.Mode.SALVAGE)) {
            assertThat(readAll(r)).hasSize(9);
            assertThat(r.problem()).contains("record 9 at offset").contains("truncated");
        }
        try (MjrReader r = MjrReader.open(cutFile, MjrReader.Mode.STRICT)) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(MjrFormatException.class)
                    .hasMessageContaining(cutFile.toString()).hasMessageContaining("truncated");
        }
    }

    @Test
    void stopsAtADamagedRecordPrefix() throws IOException {
        byte[] p = Rtp.packet(111, 1, 0, 1, false, Rtp.payload(0, 10));
        byte[] file = MjrBytes.magic("MJR00002").lengthPrefixed("{\"t\":\"a\",\"c\":\"opus\",\"s\":1,\"u\":2}")
                .meet(0, p).ascii("XXXX").u32(0).u16(p.length).raw(p).bytes();
        Path f = dir.resolve("bad.mjr");
        Files.write(f, file);
        try (MjrReader r = MjrReader.open(f, MjrReader.Mode.SALVAGE)) {
            assertThat(readAll(r)).hasSize(1);
            assertThat(r.problem()).contains("does not start with MEET").contains("XXXX");
        }
        try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(MjrFormatException.class).hasMessageContaining("offset");
        }
    }

    @Test
    void badFilesGetOneLineErrorsNamingTheProblem() throws IOException {
        Path tiny = dir.resolve("tiny.mjr");
        Files.write(tiny, new byte[] {'M', 'J'});
        Path magic = dir.resolve("magic.mjr");
        Files.write(magic, "RIFF1234xxxxxxxxxxxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path huge = dir.resolve("huge.mjr");
        Files.write(huge, MjrBytes.magic("MJR00002").u16(60_000).ascii("{}").bytes());
        Path json = dir.resolve("json.mjr");
        Files.write(json, MjrBytes.magic("MJR00002").lengthPrefixed("{\"t\":\"a\"").bytes());

        assertThatThrownBy(() -> MjrReader.open(tiny, MjrReader.Mode.STRICT)).isInstanceOf(MjrFormatException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> MjrReader.open(magic, MjrReader.Mode.STRICT)).isInstanceOf(MjrFormatException.class)
                .hasMessageContaining("bad magic \"RIFF1234\"");
        assertThatThrownBy(() -> MjrReader.open(huge, MjrReader.Mode.STRICT)).isInstanceOf(MjrFormatException.class)
                .hasMessageContaining("claims 60000 bytes");
        assertThatThrownBy(() -> MjrReader.open(json, MjrReader.Mode.STRICT)).isInstanceOf(MjrFormatException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> MjrReader.open(dir.resolve("missing.mjr"), MjrReader.Mode.STRICT))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.mjr");
    }

    @Test
    void passesOverARepeatedHeaderRecordAsJanusPpRecDoes() throws IOException {
        byte[] p = Rtp.packet(111, 1, 0, 1, false, Rtp.payload(0, 10));
        Path f = dir.resolve("twice.mjr");
        Files.write(f, MjrBytes.magic("MJR00002").lengthPrefixed("{\"t\":\"a\",\"c\":\"opus\",\"s\":1,\"u\":2}")
                .ascii("MJR00002").lengthPrefixed("{\"t\":\"a\"}").meet(20, p).bytes());
        try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
            assertThat(readAll(r)).containsExactly(p);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void readsMjr00001() throws IOException {
        byte[] p1 = Rtp.packet(96, 1, 0, 7, false, Rtp.payload(1, 20));
        byte[] p2 = Rtp.packet(96, 2, 3000, 7, true, Rtp.payload(2, 20));
        Path f = dir.resolve("v1.mjr");
        Files.write(f, MjrBytes.magic("MJR00001").lengthPrefixed("{\"t\":\"v\",\"c\":\"vp8\",\"s\":1,\"u\":2}")
                .meetecho(p1).meetecho(p2).bytes());
        try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
            assertThat(r.format()).isEqualTo(MjrFormat.MJR00001);
            assertThat(r.header().codec()).isEqualTo("vp8");
            MjrRecord first = r.next();
            assertThat(first.arrivalMillis()).isEqualTo(-1);
            assertThat(first.length()).isEqualTo(p1.length);
            assertThat(readAll(r)).containsExactly(p2);
        }
    }

    @Test
    void readsTheLegacyMeetechoFormatAssumingTheCodecsOfItsTime() throws IOException {
        byte[] p = Rtp.packet(111, 1, 0, 7, false, Rtp.payload(1, 20));
        for (String[] c : new String[][] {{"audio", "opus"}, {"video", "vp8"}}) {
            Path f = dir.resolve(c[0] + ".mjr");
            Files.write(f, MjrBytes.magic("MEETECHO").lengthPrefixed(c[0]).meetecho(p).meetecho(p).bytes());
            try (MjrReader r = MjrReader.open(f, MjrReader.Mode.STRICT)) {
                assertThat(r.format()).isEqualTo(MjrFormat.LEGACY_MEETECHO);
                assertThat(r.header().codec()).isEqualTo(c[1]);
                assertThat(r.header().json()).isNull();
                assertThat(readAll(r)).containsExactly(p, p);
            }
        }
        Path other = dir.resolve("other.mjr");
        Files.write(other, MjrBytes.magic("MEETECHO").lengthPrefixed("xyzzy").bytes());
        assertThatThrownBy(() -> MjrReader.open(other, MjrReader.Mode.STRICT)).isInstanceOf(MjrFormatException.class)
                .hasMessageContaining("unknown media type \"xyzzy\"");
    }
}
