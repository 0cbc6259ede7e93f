package io.github.wildfiresfu.recorder.post;

import java.util.List;

/**
 * The packets of one recording in playback order, with what ordering found.
 *
 * @param packets   ordered by extended timestamp, then sequence number (read-only)
 * @param stats     counters
 * @param ssrc      the SSRC that was kept, or -1 if there was no packet
 * @param clockRate RTP clock rate of the codec in Hz
 */
public record OrderedPackets(List<IndexedPacket> packets, OrderingStats stats, long ssrc, int clockRate) {

    /** Freezes the list. */
    public OrderedPackets {
        packets = List.copyOf(packets);
    }

    /** Duration from the first to the last packet's timestamp, in seconds (0 with fewer than 2). */
    public double durationSeconds() {
        if (packets.size() < 2 || clockRate <= 0) {
            return 0;
        }
        return (packets.get(packets.size() - 1).extendedTs() - packets.get(0).extendedTs()) / (double) clockRate;
    }
}
