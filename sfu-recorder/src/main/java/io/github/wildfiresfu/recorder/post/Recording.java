package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.recorder.mjr.MjrFormatException;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrReader;
import io.github.wildfiresfu.recorder.mjr.MjrRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An audio or video recording opened for post-processing: the header, and every RTP packet indexed
 * and put in playback order ({@link PacketOrderer}); payloads are read from the file on demand.
 *
 * <p>Damage is salvaged, as {@code janus-pp-rec} does: reading stops at a truncated or damaged record and
 * everything before it is used; {@link #problem()} says what was found.
 */
public final class Recording implements Closeable {

    private final MjrReader reader;
    private final OrderedPackets ordered;

    private final long startMicros;

    private Recording(MjrReader reader, OrderedPackets ordered) {
        this.reader = reader;
        this.ordered = ordered;
        this.startMicros = startMicros(reader.header().firstWriteMicros(), ordered);
    }

    /**
     * Opens and indexes a recording.
     *
     * @throws MjrFormatException when it is not a usable recording, or holds data channel messages
     * @throws IOException        when it cannot be read
     */
    public static Recording open(Path file, ProgressListener progress) throws IOException {
        MjrReader reader = MjrReader.open(file, MjrReader.Mode.SALVAGE);
        try {
            MjrHeader h = reader.header();
            if (h.type() == MjrMediaType.DATA) {
                throw new MjrFormatException(file + ": is a data channel recording (\"c\":\"" + h.codec()
                        + "\"); only audio and video recordings can be post-processed");
            }
            PacketOrderer orderer = new PacketOrderer(h.clockRate());
            long total = reader.fileSize();
            long next = 0;
            for (MjrRecord r = reader.next(); r != null; r = reader.next()) {
                orderer.accept(r.buffer(), r.bufferOffset(), r.length(), r.packetOffset(), r.arrivalMillis(),
                        r.index());
                if (reader.position() >= next) {
                    progress.onProgress(ProgressListener.Phase.INDEXING, reader.position(), total);
                    next = reader.position() + (1 << 20);
                }
            }
            progress.onProgress(ProgressListener.Phase.INDEXING, total, total);
            return new Recording(reader, orderer.finish());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The info header. */
    public MjrHeader header() {
        return reader.header();
    }

    /** The reader (format, file size, problem). */
    public MjrReader reader() {
        return reader;
    }

    /** The packets in playback order. */
    public OrderedPackets ordered() {
        return ordered;
    }

    /** Why reading stopped before the end of the file, or null. */
    public String problem() {
        return reader.problem();
    }

    /**
     * Real time (µs since the epoch) of the first packet in playback order, or -1 when the recording
     * does not say (a legacy {@code MEETECHO} file, or a header whose {@code u} is 0). Everything the
     * post-processor places on a wall-clock timeline ({@code merge}, {@code room}) starts here.
     *
     * <p>The header's {@code u} is the real time the first packet was <em>written</em> ({@code record.c}
     * stamps it with the first frame). That packet is not always the first in playback order (a
     * packet of an earlier timestamp may arrive just after it), so the time is carried back along the
     * RTP clock: {@code u + arrival(first written) - (ts(first written) - ts(first played)) / rate}.
     */
    public long startMicros() {
        return startMicros;
    }

    private static long startMicros(long u, OrderedPackets ordered) {
        List<IndexedPacket> packets = ordered.packets();
        if (u <= 0) {
            return -1;
        }
        if (packets.isEmpty() || ordered.clockRate() <= 0) {
            return u;
        }
        IndexedPacket firstWritten = packets.get(0);
        for (IndexedPacket p : packets) {
            if (p.recordIndex() < firstWritten.recordIndex()) {
                firstWritten = p;
            }
        }
        long arrival = Math.max(0, firstWritten.arrivalMillis()) * 1000;
        long ahead = Math.floorDiv((firstWritten.extendedTs() - packets.get(0).extendedTs()) * 1_000_000L,
                ordered.clockRate());
        return u + arrival - ahead;
    }

    /** Reads a packet's payload into {@code dst} (at least {@link IndexedPacket#payloadLength()} long). */
    public void readPayload(IndexedPacket p, byte[] dst) throws IOException {
        reader.readAt(p.payloadOffset(), dst, 0, p.payloadLength());
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
