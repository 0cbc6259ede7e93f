package io.github.wildfiresfu.recorder.testing;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes synthetic recordings with our writer. */
public final class Recordings {

    private Recordings() {
    }

    /** A header of the given codec with {@code s} = 1 s after the epoch and no extras. */
    public static MjrHeader header(MjrMediaType type, String codec) {
        return MjrHeader.forWriting(type, codec, null, null, null, 1_000_000L, 0, 0, false);
    }

    /** Writes {@code packets} (arriving 20 ms apart) to {@code dir/name.mjr}, the first at 1.7e15 µs. */
    public static Path write(Path dir, String name, MjrHeader header, List<byte[]> packets) throws IOException {
        return write(dir, name, header, packets, 1_700_000_000_000_000L, 20_000);
    }

    /**
     * Writes {@code packets} arriving {@code stepMicros} apart, the first at real time {@code firstWallMicros}
     * (which becomes the header's {@code u}).
     */
    public static Path write(Path dir, String name, MjrHeader header, List<byte[]> packets, long firstWallMicros,
                             long stepMicros) throws IOException {
        try (MjrWriter w = MjrWriter.create(dir, name, null, header, MjrWriter.DEFAULT_BUFFER_BYTES)) {
            long t = 0;
            for (byte[] p : packets) {
                w.write(p, 0, p.length, t, firstWallMicros + t);
                t += stepMicros;
            }
        }
        return dir.resolve(name + ".mjr");
    }
}
