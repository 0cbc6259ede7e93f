package io.github.wildfiresfu.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import io.github.wildfiresfu.recorder.mjr.MjrWriter;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class MjrRecorderTest {

    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    /** Wall clock that advances 1 ms per reading. */
    private final AtomicLong wall = new AtomicLong(T0);
    private final List<String> failures = new ArrayList<>();
    private final CompletableFuture<String> firstFailure = new CompletableFuture<>();
    private final List<MjrRecorder> recorders = new ArrayList<>();

    private final RecordingListener listener = new RecordingListener() {
        @Override
        public void onRecordingFailed(RecordingHandle handle, String reason) {
            synchronized (failures) {
                failures.add(reason);
            }
            firstFailure.complete(reason);
        }
    };

    private MjrRecorder recorder(MjrRecorder.Config config, MjrRecorder.WriterFactory factory) {
        MjrRecorder r = new MjrRecorder(config, listener, () -> wall.getAndAdd(1000), run -> new Thread(run, "test-mjr"),
                factory);
        recorders.add(r);
        return r;
    }

    private MjrRecorder recorder() {
        return recorder(MjrRecorder.Config.DEFAULTS, MjrWriter::create);
    }

    @AfterEach
    void closeRecorders() {
        recorders.forEach(MjrRecorder::close);
    }

    private StreamInfo audio(String tmpExt) {
        return StreamInfo.builder("1234|5678", "alice", MjrMediaType.AUDIO, 0, "opus", dir).tmpExt(tmpExt)
                .extmaps(java.util.Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level")).build();
    }

    private static List<byte[]> packets(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (MjrReader r = MjrReader.open(file, MjrReader.Mode.SALVAGE)) {
            for (MjrRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(java.util.Arrays.copyOfRange(rec.buffer(), rec.bufferOffset(), rec.bufferOffset() + rec.length()));
            }
        }
        return out;
    }

    private static int seq(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    private static long ts(byte[] p) {
        return ByteBuffer.wrap(p, 4, 4).getInt() & 0xFFFF_FFFFL;
    }

    private static long ssrc(byte[] p) {
        return ByteBuffer.wrap(p, 8, 4).getInt() & 0xFFFF_FFFFL;
    }

    @Test
    void writesUnderTheVideoRoomNameThenRenamesOnClose() throws Exception {
        MjrRecorder rec = recorder();
        RecordingHandle h = rec.open(audio("tmp"));
        assertThat(h.writingPath().getFileName().toString())
                .isEqualTo("videoroom-1234|5678-user-alice-" + T0 + "-audio-0.mjr.tmp");
        assertThat(h.finalPath().getFileName().toString()).isEqualTo("videoroom-1234|5678-user-alice-" + T0 + "-audio-0.mjr");
        for (int i = 0; i < 100; i++) {
            byte[] p = Rtp.packet(111, 40_000 + i, 123_456 + 960L * i, 0xABCD, false, Rtp.payload(i, 30));
            assertThat(h.offer(p, 0, p.length, 10_000_000L + 20_000L * i)).isTrue();
        }
        RecordingResult result = h.close().get(5, TimeUnit.SECONDS);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.path()).isEqualTo(h.finalPath());
        assertThat(h.writingPath()).doesNotExist();
        assertThat(result.stats().written()).isEqualTo(100);
        assertThat(result.stats().bytes()).isEqualTo(Files.size(h.finalPath()));
        List<byte[]> written = packets(h.finalPath());
        assertThat(written).hasSize(100);
        // Janus's recorder context starts every file at sequence 1 and timestamp 0.
        assertThat(seq(written.get(0))).isEqualTo(1);
        assertThat(ts(written.get(0))).isZero();
        assertThat(seq(written.get(99))).isEqualTo(100);
        assertThat(ts(written.get(99))).isEqualTo(99 * 960L);
        assertThat(java.util.Arrays.copyOfRange(written.get(5), 12, 42)).isEqualTo(Rtp.payload(5, 30));
        try (MjrReader r = MjrReader.open(h.finalPath(), MjrReader.Mode.STRICT)) {
            MjrHeader header = r.header();
            assertThat(header.createdMicros()).isEqualTo(T0);
            assertThat(header.firstWriteMicros()).isGreaterThan(T0);
            assertThat(header.extmaps()).containsEntry(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
            r.next();
            assertThat(r.next().arrivalMillis()).isEqualTo(20);
        }
    }

    @Test
    void keepsOneSsrcAndContinuousNumbersWhenTheSourceChanges() throws Exception {
        RecordingHandle h = recorder().open(audio(null));
        long arrival = 0;
        for (int i = 0; i < 10; i++, arrival += 20_000) {
            byte[] p = Rtp.packet(111, 1000 + i, 5000 + 960L * i, 0xAAAA, false, Rtp.payload(i, 10));
            h.offer(p, 0, p.length, arrival);
        }
        // The publisher comes back with another SSRC and other numbers, 100 ms after the last packet.
        arrival += 80_000;
        for (int i = 0; i < 10; i++, arrival += 20_000) {
            byte[] p = Rtp.packet(111, 7 + i, 999_999 + 960L * i, 0xBBBB, false, Rtp.payload(i, 10));
            h.offer(p, 0, p.length, arrival);
        }
        h.close().get(5, TimeUnit.SECONDS);

        List<byte[]> w = packets(h.finalPath());
        assertThat(w).extracting(MjrRecorderTest::seq).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(w).extracting(MjrRecorderTest::ssrc).containsOnly(0xAAAAL);
        // The new source starts 100 ms (4800 ticks at 48 kHz) after the old one's last timestamp.
        assertThat(ts(w.get(10)) - ts(w.get(9))).isEqualTo(4800);
        assertThat(ts(w.get(19)) - ts(w.get(10))).isEqualTo(9 * 960);
    }

    @Test
    void aRestartedSourceWithTheSameSsrcContinuesTheNumbering() throws Exception {
        RecordingHandle h = recorder().open(audio(null));
        for (int i = 0; i < 5; i++) {
            byte[] p = Rtp.packet(111, 1000 + i, 960L * i, 0xAAAA, false, Rtp.payload(i, 10));
            h.offer(p, 0, p.length, i * 20_000L);
        }
        h.sourceChanged();
        for (int i = 0; i < 5; i++) {
            byte[] p = Rtp.packet(111, 50_000 + i, 3_000_000_000L + 960L * i, 0xAAAA, false, Rtp.payload(i, 10));
            h.offer(p, 0, p.length, 120_000 + i * 20_000L);
        }
        h.close().get(5, TimeUnit.SECONDS);
        List<byte[]> w = packets(h.finalPath());
        assertThat(w).extracting(MjrRecorderTest::seq).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // 40 ms of wall clock between the last old and the first new packet: 1920 ticks at 48 kHz.
        assertThat(ts(w.get(5)) - ts(w.get(4))).isEqualTo(1920);
    }

    @Test
    void offerNeverWaitsForTheDiskAndCountsWhatDoesNotFit() throws Exception {
        CountDownLatch diskStuck = new CountDownLatch(1);
        MjrRecorder rec = recorder(new MjrRecorder.Config(10, 1 << 20, 1024, Duration.ofSeconds(5)),
                (d, base, tmp, header, buf) -> {
                    try {
                        diskStuck.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return MjrWriter.create(d, base, tmp, header, buf);
                });
        RecordingHandle h = rec.open(audio(null));
        int queued = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            byte[] p = Rtp.packet(111, i, 960L * i, 1, false, Rtp.payload(i, 10));
            if (h.offer(p, 0, p.length, i * 20_000L)) {
                queued++;
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(queued).isEqualTo(10);
        assertThat(h.stats().dropped(RecordingDropReason.QUEUE_FULL)).isEqualTo(40);
        assertThat(h.stats().offered()).isEqualTo(50);
        assertThat(elapsedMs).as("offer must not wait for the stuck writer").isLessThan(2000);
        diskStuck.countDown();
        RecordingResult r = h.close().get(5, TimeUnit.SECONDS);
        assertThat(r.stats().written()).isEqualTo(10);
        assertThat(packets(h.finalPath())).hasSize(10);
    }

    @Test
    void anUnwritableDirectoryIsReportedOnceAndTheCallerGoesOn() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        RecordingHandle h = recorder().open(StreamInfo.builder("r", "u", MjrMediaType.VIDEO, 1, "vp8",
                notADir.resolve("sub")).build());
        byte[] p = Rtp.packet(96, 1, 0, 1, false, Rtp.payload(0, 10));
        h.offer(p, 0, p.length, 0);

        String reason = firstFailure.get(5, TimeUnit.SECONDS);
        assertThat(reason).contains(notADir.resolve("sub").toString()).contains("not started");
        assertThat(h.offer(p, 0, p.length, 20_000)).isFalse();
        RecordingResult r = h.close().get(5, TimeUnit.SECONDS);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.path()).isNull();
        assertThat(r.stats().dropped(RecordingDropReason.RECORDING_FAILED)).isEqualTo(2);
        assertThat(failures).hasSize(1);
    }

    /** A channel onto a real file that reports a full disk after {@code limit} bytes, writing part of the last write. */
    private static final class FullDisk implements WritableByteChannel {
        private final FileChannel file;
        private final long limit;
        private long written;

        FullDisk(Path path, long limit) throws IOException {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (written >= limit) {
                throw new IOException("No space left on device");
            }
            int n = (int) Math.min(src.remaining(), limit - written);
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int w = file.write(part);
            src.position(src.position() + w);
            written += w;
            return w;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    @Test
    void aFullDiskStopsTheRecordingButLeavesItReadableUpToTheLastWholePacket() throws Exception {
        Path file = dir.resolve("full.mjr");
        MjrRecorder rec = recorder(new MjrRecorder.Config(1000, 1 << 20, 256, Duration.ofSeconds(5)),
                (d, base, tmp, header, buf) -> new MjrWriter(new FullDisk(file, 1000), header, buf));
        RecordingHandle h = rec.open(audio(null));
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            byte[] p = Rtp.packet(111, i, 960L * i, 1, false, Rtp.payload(i, 40));
            if (h.offer(p, 0, p.length, i * 20_000L)) {
                accepted++;
            }
            if (i == 100) {
                firstFailure.get(5, TimeUnit.SECONDS);
            }
        }
        assertThat(firstFailure.get()).contains("No space left on device").contains("stopped after");
        assertThat(accepted).isLessThan(200);
        RecordingResult r = h.close().get(5, TimeUnit.SECONDS);
        assertThat(r.succeeded()).isFalse();
        assertThat(failures).hasSize(1);

        assertThat(Files.size(file)).isEqualTo(1000);
        try (MjrReader reader = MjrReader.open(file, MjrReader.Mode.SALVAGE)) {
            int n = 0;
            for (MjrRecord x = reader.next(); x != null; x = reader.next()) {
                assertThat(x.length()).isEqualTo(52);
                n++;
            }
            // 8 + 2 + header, then 62-byte records: what fits in 1000 bytes, the last one cut.
            assertThat(n).isGreaterThan(10);
            assertThat(reader.problem()).contains("truncated");
        }
    }

    @Test
    void badInputIsCountedNeverThrown() throws Exception {
        RecordingHandle h = recorder().open(audio(null));
        byte[] ok = Rtp.packet(111, 1, 0, 1, false, Rtp.payload(0, 10));
        byte[] notRtp = {0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertThat(h.offer(null, 0, 10, 0)).isFalse();
        assertThat(h.offer(ok, -1, 5, 0)).isFalse();
        assertThat(h.offer(ok, 5, ok.length, 0)).isFalse();
        assertThat(h.offer(ok, 0, 0, 0)).isFalse();
        assertThat(h.offer(new byte[70_000], 0, 70_000, 0)).isFalse();
        assertThat(h.offer(notRtp, 0, notRtp.length, 0)).isTrue();
        assertThat(h.offer(ok, 0, ok.length, 0)).isTrue();
        RecordingResult r = h.close().get(5, TimeUnit.SECONDS);
        assertThat(r.stats().dropped(RecordingDropReason.BAD_LENGTH)).isEqualTo(5);
        assertThat(r.stats().dropped(RecordingDropReason.NOT_RTP)).isEqualTo(1);
        assertThat(r.stats().written()).isEqualTo(1);
        assertThat(h.offer(ok, 0, ok.length, 0)).isFalse();
        assertThat(h.stats().dropped(RecordingDropReason.CLOSED)).isEqualTo(1);
    }

    @Test
    void dataChannelMessagesAreRecordedWithTheirRealTime() throws Exception {
        RecordingHandle h = recorder().open(StreamInfo.builder("r", "u", MjrMediaType.DATA, 2, "text", dir).build());
        byte[] msg = "hi there".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        h.offer(msg, 0, msg.length, 0);
        h.offer(msg, 3, 5, 500_000);
        h.close().get(5, TimeUnit.SECONDS);
        assertThat(h.finalPath().getFileName().toString()).endsWith("-data-2.mjr");
        try (MjrReader r = MjrReader.open(h.finalPath(), MjrReader.Mode.STRICT)) {
            MjrRecord a = r.next();
            long firstReal = a.realTimeMicros();
            assertThat(firstReal).isGreaterThan(T0);
            MjrRecord b = r.next();
            assertThat(b.arrivalMillis()).isEqualTo(500);
            assertThat(new String(b.buffer(), b.bufferOffset(), b.length(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("there");
        }
    }

    @Test
    void packetsOfferedFromSeveralThreadsWhileClosingAreAllAccountedFor() throws Exception {
        MjrRecorder rec = recorder();
        List<RecordingHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(rec.open(StreamInfo.builder("r", "u" + i, MjrMediaType.AUDIO, 0, "opus", dir).build()));
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            RecordingHandle h = handles.get(t);
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    byte[] p = Rtp.packet(111, i, 960L * i, 7, false, Rtp.payload(i, 20));
                    h.offer(p, 0, p.length, i * 20_000L);
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(5);
        handles.get(0).close();
        rec.close();
        for (Thread th : threads) {
            th.join();
        }
        for (RecordingHandle h : handles) {
            RecordingResult r = h.close().get(5, TimeUnit.SECONDS);
            RecordingStats st = h.stats();
            assertThat(st.offered()).isEqualTo(20_000);
            assertThat(st.written() + st.dropped()).isEqualTo(20_000);
            assertThat(r.succeeded()).isTrue();
            // A recording closed (by the recorder's close) before its thread offered anything keeps
            // only the magic, as Janus's do; the reader rightly refuses it, so count it as empty.
            assertThat(r.stats().written() == 0 ? List.of() : packets(h.finalPath()))
                    .hasSize((int) r.stats().written());
        }
        assertThat(rec.queuedPackets()).isZero();
    }

    @Test
    void closingTheRecorderClosesEveryRecordingAndRefusesNewOnes() throws Exception {
        MjrRecorder rec = recorder();
        RecordingHandle a = rec.open(audio("tmp"));
        RecordingHandle v = rec.open(StreamInfo.builder("1234|5678", "alice", MjrMediaType.VIDEO, 1, "vp8", dir)
                .tmpExt("tmp").build());
        byte[] p = Rtp.packet(96, 1, 0, 1, false, Rtp.payload(0, 10));
        a.offer(p, 0, p.length, 0);
        v.offer(p, 0, p.length, 0);
        rec.close();
        assertThat(a.close()).isCompleted();
        assertThat(v.close()).isCompleted();
        assertThat(a.close()).isSameAs(a.close());
        assertThat(a.finalPath()).exists();
        assertThat(v.finalPath()).exists();
        assertThat(rec.openHandles()).isEmpty();
        assertThatThrownBy(() -> rec.open(audio(null))).isInstanceOf(IllegalStateException.class);
    }
}
