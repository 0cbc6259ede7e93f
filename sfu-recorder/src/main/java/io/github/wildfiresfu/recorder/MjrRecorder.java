package io.github.wildfiresfu.recorder;

import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.RtpStreamRewriter;
import io.github.wildfiresfu.recorder.mjr.MjrCodecs;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The recording tap: writes MJR00002 files ({@link MjrWriter}) for any number of streams from ONE writer
 * thread fed by ONE bounded queue (design.md §5).
 *
 * <p><b>Callers never wait.</b> {@link RecordingHandle#offer} copies the packet and appends it to a lock-free
 * queue, without waking the writer thread (it looks at the queue every {@link #IDLE_PARK_NANOS} ns when idle);
 * when the queue already holds {@link Config#queuePackets()} packets or {@link Config#queueBytes()} bytes,
 * the packet is dropped and counted ({@link RecordingDropReason#QUEUE_FULL}). File creation, writing,
 * flushing, renaming and all error handling happen on the writer thread.
 *
 * <p><b>What is written.</b> Like Janus's recorder ({@code janus_recorder_save_frame}, {@code src/record.c}),
 * RTP headers are rewritten so that sequence numbers and timestamps stay continuous when the source
 * changes (a republish, a simulcast layer switch): with {@link RtpStreamRewriter}, starting at sequence 1
 * and timestamp 0 as Janus's switching context does. Unlike Janus we also keep the SSRC of the first source
 * for the whole file, because {@code janus-pp-rec} keeps only the first SSRC it sees and would drop
 * everything after a change. Data messages get the 8-byte real-time prefix.
 *
 * <p><b>Flushing.</b> The writer thread flushes every stream that has buffered records whenever the queue
 * is empty, and after every {@link #FLUSH_EVERY_ITEMS} items while it is not; see {@link MjrWriter} for
 * what a crash can lose.
 *
 * <p><b>Failures.</b> A directory that cannot be created, a file that cannot be opened, a write that fails
 * (disk full): one ERROR log line naming the file and the cause, {@link RecordingListener#onRecordingFailed}
 * once, the file is closed with what reached it (and renamed), and later packets of that stream are
 * dropped as {@link RecordingDropReason#RECORDING_FAILED}. Other streams and the caller go on.
 *
 * <p>Lifecycle: running from construction (the writer thread starts then) until {@link #close()}, which
 * closes every open recording, waits for the writer thread and cannot be undone.
 */
public final class MjrRecorder implements RecordingTap, AutoCloseable {

    /** While the queue never empties, flush buffered records at least this often (in items). */
    public static final int FLUSH_EVERY_ITEMS = 1024;
    /**
     * How long the idle writer thread sleeps before looking at the queue again. Packets do not wake it:
     * waking a thread is a system call, and {@code offer} on the media path must not make one. Opening and
     * closing recordings do wake it.
     */
    static final long IDLE_PARK_NANOS = 2_000_000;

    private static final System.Logger LOG = System.getLogger(MjrRecorder.class.getName());

    /**
     * Tunables.
     *
     * @param queuePackets       most packets waiting for the writer thread, all streams together
     * @param queueBytes         most packet bytes waiting for the writer thread
     * @param writerBufferBytes  record buffer per open file ({@link MjrWriter})
     * @param closeTimeout       how long {@link MjrRecorder#close()} waits for the writer thread
     */
    public record Config(int queuePackets, long queueBytes, int writerBufferBytes, Duration closeTimeout) {

        /** 20000 packets (seconds of a large room), 64 MiB, 16 KiB per file, 10 s. */
        public static final Config DEFAULTS = new Config(20_000, 64L << 20, MjrWriter.DEFAULT_BUFFER_BYTES,
                Duration.ofSeconds(10));

        /** Checks the values. */
        public Config {
            if (queuePackets < 1 || queueBytes < 1 || writerBufferBytes < 64) {
                throw new IllegalArgumentException("queue limits must be positive and the buffer at least 64 bytes");
            }
            Objects.requireNonNull(closeTimeout, "closeTimeout");
        }
    }

    /** Opens the file of a recording; replaced in tests to simulate a full disk. */
    @FunctionalInterface
    public interface WriterFactory {
        /** See {@link MjrWriter#create}. */
        MjrWriter create(Path dir, String baseName, String tmpExt, MjrHeader header, int bufferBytes)
                throws IOException;
    }

    private final Config config;
    private final RecordingListener listener;
    private final LongSupplier wallMicros;
    private final WriterFactory writerFactory;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedPackets = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread writerThread;

    // Writer thread only.
    private final Set<Stream> dirty = new LinkedHashSet<>();
    private int sinceFlush;

    /**
     * @param listener      told about failures and closed recordings, on the writer thread
     * @param wallMicros    real time in µs since the epoch: file names, header {@code s} and {@code u},
     *                      data record prefixes
     * @param threadFactory makes the one writer thread, started here
     * @param writerFactory opens files ({@code MjrWriter::create} outside tests)
     */
    public MjrRecorder(Config config, RecordingListener listener, LongSupplier wallMicros, ThreadFactory threadFactory,
                       WriterFactory writerFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wallMicros = Objects.requireNonNull(wallMicros, "wallMicros");
        this.writerFactory = Objects.requireNonNull(writerFactory, "writerFactory");
        this.writerThread = threadFactory.newThread(this::runWriter);
        writerThread.start();
    }

    /** A recorder with default limits, the system clock and a daemon thread named {@code mjr-writer}. */
    public static MjrRecorder start(RecordingListener listener) {
        return new MjrRecorder(Config.DEFAULTS, listener, MjrRecorder::systemWallMicros, r -> {
            Thread t = new Thread(r, "mjr-writer");
            t.setDaemon(true);
            return t;
        }, MjrWriter::create);
    }

    /** The system's real time in µs since the epoch. */
    public static long systemWallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public RecordingHandle open(StreamInfo info) {
        Objects.requireNonNull(info, "info");
        if (closed.get()) {
            throw new IllegalStateException("recorder is closed");
        }
        long now = wallMicros.getAsLong();
        Stream s = new Stream(info, RecordingFileNames.baseName(info, now), now);
        open.add(s);
        enqueueAndWake(new Open(s));
        return s;
    }

    /** Packets waiting for the writer thread. */
    public int queuedPackets() {
        return queuedPackets.get();
    }

    /**
     * Closes every open recording (their queued packets are written first), stops the writer thread and
     * waits for it up to {@link Config#closeTimeout()}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Stream s : List.copyOf(open)) {
            s.close();
        }
        enqueueAndWake(Shutdown.INSTANCE);
        if (Thread.currentThread() == writerThread) {
            // Called from a listener on the writer thread: it finishes the queue when this call returns.
            return;
        }
        try {
            writerThread.join(config.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writerThread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "MJR writer thread still busy after {0} ms (slow disk?); "
                    + "recordings may be incomplete", config.closeTimeout().toMillis());
        }
    }

    /** Queues a control item and wakes the writer thread (not done for packets: see {@link #IDLE_PARK_NANOS}). */
    private void enqueueAndWake(Item item) {
        queue.add(item);
        LockSupport.unpark(writerThread);
    }

    // ---- writer thread ----

    private void runWriter() {
        for (;;) {
            Item item = queue.poll();
            if (item == null) {
                flushDirty();
                while ((item = queue.poll()) == null) {
                    if (Thread.interrupted()) {
                        LOG.log(System.Logger.Level.WARNING, "MJR writer thread interrupted; closing open recordings");
                        for (Stream s : List.copyOf(open)) {
                            s.finish();
                        }
                        return;
                    }
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
            }
            if (item instanceof Shutdown) {
                // Items that raced with close() (a packet offered while its stream was closing, an open()
                // just after close()) are still handled, so that every close() future completes.
                for (Item late = queue.poll(); late != null; late = queue.poll()) {
                    processSafely(late);
                }
                for (Stream s : List.copyOf(open)) {
                    s.finish();
                }
                flushDirty();
                return;
            }
            processSafely(item);
            if (++sinceFlush >= FLUSH_EVERY_ITEMS) {
                flushDirty();
            }
        }
    }

    private void processSafely(Item item) {
        try {
            process(item);
        } catch (RuntimeException e) {
            // A bug must not kill the thread that every recording depends on.
            LOG.log(System.Logger.Level.ERROR, "MJR writer: unexpected failure on " + item, e);
        }
    }

    private void process(Item item) {
        if (item instanceof Packet p) {
            queuedPackets.decrementAndGet();
            queuedBytes.addAndGet(-p.bytes.length);
            p.stream.write(p.bytes, p.arrivalMicros);
        } else if (item instanceof Open o && !o.stream.finished) {
            o.stream.create();
        } else if (item instanceof Close c) {
            c.stream.finish();
        } else if (item instanceof SourceChanged sc && sc.stream.rewriter != null) {
            sc.stream.rewriter.markSourceChanged();
        }
    }

    private void flushDirty() {
        sinceFlush = 0;
        for (Stream s : dirty) {
            s.flush();
        }
        dirty.clear();
    }

    private sealed interface Item permits Open, Packet, SourceChanged, Close, Shutdown {
    }

    private record SourceChanged(Stream stream) implements Item {
    }

    private record Open(Stream stream) implements Item {
    }

    private record Packet(Stream stream, byte[] bytes, long arrivalMicros) implements Item {
    }

    private record Close(Stream stream) implements Item {
    }

    private enum Shutdown implements Item {
        INSTANCE
    }

    /** One recording: the handle side is thread-safe, the file side is confined to the writer thread. */
    private final class Stream implements RecordingHandle {
        private final StreamInfo info;
        private final String baseName;
        private final long createdMicros;
        private final Path writingPath;
        private final Path finalPath;
        private final AtomicBoolean closing = new AtomicBoolean();
        private final CompletableFuture<RecordingResult> result = new CompletableFuture<>();
        private final AtomicLong offered = new AtomicLong();
        private final AtomicLongArray drops = new AtomicLongArray(RecordingDropReason.values().length);
        private final int maxLength;
        private volatile boolean failed;
        private volatile long written;
        private volatile long bytes;

        // Writer thread only.
        private MjrWriter writer;
        private boolean finished;
        private RtpStreamRewriter rewriter;
        private final RtpPacket view = new RtpPacket();
        private String failure;

        Stream(StreamInfo info, String baseName, long createdMicros) {
            this.info = info;
            this.baseName = baseName;
            this.createdMicros = createdMicros;
            this.finalPath = info.recDir().resolve(baseName + ".mjr");
            this.writingPath = info.tmpExt() == null || info.tmpExt().isEmpty() ? finalPath
                    : info.recDir().resolve(baseName + ".mjr." + info.tmpExt());
            this.maxLength = info.kind() == MjrMediaType.DATA ? MjrWriter.MAX_DATA_LENGTH : MjrWriter.MAX_RTP_LENGTH;
        }

        @Override
        public StreamInfo info() {
            return info;
        }

        @Override
        public boolean offer(byte[] packet, int off, int len, long arrivalMicros) {
            offered.incrementAndGet();
            if (closing.get()) {
                return drop(RecordingDropReason.CLOSED);
            }
            if (failed) {
                return drop(RecordingDropReason.RECORDING_FAILED);
            }
            if (packet == null || len < 1 || len > maxLength || off < 0 || off > packet.length - len) {
                return drop(RecordingDropReason.BAD_LENGTH);
            }
            if (queuedPackets.incrementAndGet() > config.queuePackets()) {
                queuedPackets.decrementAndGet();
                return drop(RecordingDropReason.QUEUE_FULL);
            }
            if (queuedBytes.addAndGet(len) > config.queueBytes()) {
                queuedBytes.addAndGet(-len);
                queuedPackets.decrementAndGet();
                return drop(RecordingDropReason.QUEUE_FULL);
            }
            byte[] copy = new byte[len];
            System.arraycopy(packet, off, copy, 0, len);
            queue.add(new Packet(this, copy, arrivalMicros));
            return true;
        }

        private boolean drop(RecordingDropReason reason) {
            drops.incrementAndGet(reason.ordinal());
            return false;
        }

        @Override
        public void sourceChanged() {
            if (!closing.get() && !failed) {
                queue.add(new SourceChanged(this));
            }
        }

        @Override
        public CompletableFuture<RecordingResult> close() {
            if (closing.compareAndSet(false, true)) {
                enqueueAndWake(new Close(this));
            }
            return result;
        }

        @Override
        public Path writingPath() {
            return writingPath;
        }

        @Override
        public Path finalPath() {
            return finalPath;
        }

        @Override
        public RecordingStats stats() {
            Map<RecordingDropReason, Long> m = new EnumMap<>(RecordingDropReason.class);
            for (RecordingDropReason r : RecordingDropReason.values()) {
                long n = drops.get(r.ordinal());
                if (n > 0) {
                    m.put(r, n);
                }
            }
            return new RecordingStats(offered.get(), written, bytes, m);
        }

        // ---- writer thread ----

        void create() {
            MjrHeader header = MjrHeader.forWriting(info.kind(), info.codec(), info.fmtp(), info.description(),
                    info.extmaps(), createdMicros, 0, info.opusRedPayloadType(), info.endToEndEncrypted());
            try {
                writer = writerFactory.create(info.recDir(), baseName, info.tmpExt(), header,
                        config.writerBufferBytes());
                bytes = writer.fileBytes();
            } catch (IOException | RuntimeException e) {
                fail("recording " + writingPath + " not started: " + reason(e), false);
            }
        }

        void write(byte[] packet, long arrivalMicros) {
            if (finished) {
                // Offered while close() was on its way: the file is already closed.
                drop(RecordingDropReason.CLOSED);
                return;
            }
            if (writer == null || failure != null) {
                drop(RecordingDropReason.RECORDING_FAILED);
                return;
            }
            if (info.kind() != MjrMediaType.DATA) {
                if (view.wrap(packet, 0, packet.length) != null) {
                    drop(RecordingDropReason.NOT_RTP);
                    return;
                }
                if (rewriter == null) {
                    // Janus's switching context starts a recording at sequence 1, timestamp 0.
                    rewriter = new RtpStreamRewriter(view.ssrc(), MjrCodecs.clockRate(info.codec()), 1, 0);
                }
                RtpDropReason r = rewriter.rewrite(view, arrivalMicros * 1000);
                if (r != null) {
                    drop(RecordingDropReason.STALE_SOURCE);
                    return;
                }
            }
            try {
                writer.write(packet, 0, packet.length, arrivalMicros, wallMicros.getAsLong());
                written = writer.records();
                bytes = writer.fileBytes();
                dirty.add(this);
            } catch (IOException e) {
                fail("recording " + writingPath + " stopped after " + writer.records() + " packets: " + reason(e), true);
            }
        }

        void flush() {
            if (writer == null || failure != null) {
                return;
            }
            try {
                writer.flush();
                bytes = writer.fileBytes();
            } catch (IOException e) {
                fail("recording " + writingPath + " stopped after " + writer.records() + " packets: " + reason(e), true);
            }
        }

        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            open.remove(this);
            dirty.remove(this);
            Path path = null;
            if (writer != null) {
                try {
                    if (failure == null) {
                        writer.close();
                    } else {
                        writer.abandon();
                    }
                    path = writer.finalPath() != null ? writer.finalPath() : finalPath;
                } catch (IOException e) {
                    fail("recording " + writingPath + " not closed cleanly: " + reason(e), true);
                    path = writer.finalPath();
                }
                bytes = writer.fileBytes();
            }
            RecordingResult r = new RecordingResult(info, path, stats(), failure);
            LOG.log(System.Logger.Level.DEBUG, () -> "recording closed: " + r);
            try {
                listener.onRecordingClosed(this, r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "recording listener failed on close of " + finalPath, e);
            }
            result.complete(r);
        }

        private void fail(String why, boolean abandonWriter) {
            if (failure != null) {
                return;
            }
            failure = why;
            failed = true;
            LOG.log(System.Logger.Level.ERROR, why + "; the call goes on without it");
            if (abandonWriter && writer != null) {
                try {
                    writer.abandon();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not close failed recording " + writingPath
                            + ": " + reason(e));
                }
            }
            try {
                listener.onRecordingFailed(this, why);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "recording listener failed on failure of " + finalPath, e);
            }
        }

        @Override
        public String toString() {
            return "recording " + writingPath;
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Streams still open (for tests and diagnostics). */
    List<RecordingHandle> openHandles() {
        return new ArrayList<>(open);
    }
}
