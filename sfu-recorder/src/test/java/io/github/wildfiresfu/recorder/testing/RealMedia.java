package io.github.wildfiresfu.recorder.testing;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real, decodable RTP made by FFmpeg (Opus and VP8 over loopback UDP, as fast as it encodes), kept in
 * memory, and written into MJR files with our writer at any wall-clock time: for tests that need
 * media ffmpeg can decode again (composites), without waiting in real time.
 */
public final class RealMedia {

    /**
     * The RTP packets of one stream in send order.
     *
     * @param packets   whole RTP packets
     * @param clockRate the RTP clock rate
     */
    public record Stream(List<byte[]> packets, int clockRate) {

        /** RTP timestamp of packet {@code i}. */
        public long timestamp(int i) {
            byte[] p = packets.get(i);
            return ((p[4] & 0xFFL) << 24) | ((p[5] & 0xFFL) << 16) | ((p[6] & 0xFFL) << 8) | (p[7] & 0xFFL);
        }

        /** The packets of the first {@code seconds} of media. */
        public Stream first(double seconds) {
            long t0 = timestamp(0);
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < packets.size(); i++) {
                if (((timestamp(i) - t0) & 0xFFFF_FFFFL) / (double) clockRate < seconds) {
                    out.add(packets.get(i));
                }
            }
            return new Stream(out, clockRate);
        }
    }

    private RealMedia() {
    }

    /** {@code seconds} of a {@code hz} tone as Opus, 20 ms per packet. */
    public static Stream opusTone(int hz, double seconds) throws IOException, InterruptedException {
        return capture(List.of("-f", "lavfi", "-i", "sine=frequency=" + hz + ":sample_rate=48000:duration=" + seconds,
                "-c:a", "libopus", "-b:a", "32k", "-payload_type", "111"), 48_000);
    }

    /** {@code seconds} of a 320x240 test pattern at 15 fps as VP8, a keyframe every second. */
    public static Stream vp8Pattern(double seconds) throws IOException, InterruptedException {
        return capture(List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=15:duration=" + seconds,
                "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k", "-g", "15", "-payload_type", "96"), 90_000);
    }

    private static Stream capture(List<String> encode, int clockRate) throws IOException, InterruptedException {
        Path ffmpeg = executable("ffmpeg");
        Path log = Files.createTempFile("realmedia", ".log");
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-nostdin"));
            cmd.addAll(encode);
            cmd.addAll(List.of("-f", "rtp", "rtp://127.0.0.1:" + port + "?pkt_size=1200"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            List<byte[]> packets = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocate(2048);
            long quietSince = System.nanoTime();
            while (p.isAlive() || System.nanoTime() - quietSince < 300_000_000L) {
                buf.clear();
                if (ch.receive(buf) == null) {
                    Thread.sleep(1);
                    continue;
                }
                quietSince = System.nanoTime();
                buf.flip();
                byte[] pkt = new byte[buf.remaining()];
                buf.get(pkt);
                packets.add(pkt);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ffmpeg could not make test media: " + Files.readString(log));
            }
            return new Stream(packets, clockRate);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Writes {@code stream} as {@code dir/name.mjr}, each packet arriving at {@code wallMicros} plus its RTP
     * time (so the header's {@code u} is {@code wallMicros}); {@code rewrite} may change each packet.
     */
    public static Path write(Path dir, String name, MjrHeader header, Stream stream, long wallMicros,
                             java.util.function.UnaryOperator<byte[]> rewrite) throws IOException {
        try (MjrWriter w = MjrWriter.create(dir, name, null, header, MjrWriter.DEFAULT_BUFFER_BYTES)) {
            long t0 = stream.timestamp(0);
            for (int i = 0; i < stream.packets().size(); i++) {
                long at = ((stream.timestamp(i) - t0) & 0xFFFF_FFFFL) * 1_000_000L / stream.clockRate();
                byte[] p = rewrite == null ? stream.packets().get(i) : rewrite.apply(stream.packets().get(i));
                w.write(p, 0, p.length, at, wallMicros + at);
            }
        }
        return dir.resolve(name + ".mjr");
    }
}
