package io.github.wildfiresfu.recorder.container.ogg;

/**
 * Reads the duration of an Opus packet from its TOC byte (RFC 6716 §3.1): the configuration number
 * gives the frame size, the frame count code how many frames the packet holds.
 */
public final class OpusToc {

    /** Frame size in 48 kHz samples per configuration number 0..31 (RFC 6716 §3.1, Table 2). */
    private static final int[] FRAME_SAMPLES = {
        480, 960, 1920, 2880, // SILK NB 10, 20, 40, 60 ms
        480, 960, 1920, 2880, // SILK MB
        480, 960, 1920, 2880, // SILK WB
        480, 960,             // Hybrid SWB 10, 20 ms
        480, 960,             // Hybrid FB
        120, 240, 480, 960,   // CELT NB 2.5, 5, 10, 20 ms
        120, 240, 480, 960,   // CELT WB
        120, 240, 480, 960,   // CELT SWB
        120, 240, 480, 960,   // CELT FB
    };

    /** At most 120 ms of audio in one packet (RFC 6716 §3.2.5). */
    public static final int MAX_SAMPLES = 5760;

    private OpusToc() {
    }

    /**
     * Samples (at 48 kHz) the packet decodes to, or -1 if the packet is malformed (empty, a code 3 packet
     * without its frame count byte, no frames, or more than 120 ms).
     */
    public static int samples(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int toc = b[off] & 0xFF;
        int frame = FRAME_SAMPLES[toc >>> 3];
        int frames = switch (toc & 0x03) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> len < 2 ? -1 : b[off + 1] & 0x3F;
        };
        if (frames <= 0) {
            return -1;
        }
        int total = frame * frames;
        return total > MAX_SAMPLES ? -1 : total;
    }
}
