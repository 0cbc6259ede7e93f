package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;

/**
 * The receive side of transport-wide congestion control for one publisher PeerConnection
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3): remembers when each transport-wide
 * sequence number arrived and turns what has not been reported yet into Transport Feedback packets
 * (RTPFB, FMT 15) for the publisher's send-side bandwidth estimation. Janus does this in
 * {@code ice.c} (the list of received sequence numbers, flushed every {@code twcc_period} by
 * {@code janus_rtcp_transport_wide_cc_feedback}); the windowing follows libwebrtc's receiver
 * ({@code RemoteEstimatorProxy}).
 *
 * <p>Sans-I/O: {@link #onPacket} records an arrival, {@link #writeNext} writes the next feedback
 * packet into the caller's buffer; the router decides when (its tick) and sends. Sequence numbers
 * are unwrapped onto a 64-bit line; arrivals live in a ring of {@link #WINDOW} slots indexed by the
 * unwrapped number, so steady state allocates nothing.
 *
 * <p>What is reported: every sequence number from the first one not reported yet up to the newest
 * received, missing ones as "not received", at most {@link #MAX_STATUSES} per feedback packet (Janus
 * batches 400 too; with all deltas large that is under 1000 bytes). A packet that arrives after
 * its number was reported missing moves the start of the next report back to it, so the publisher
 * learns it arrived after all (libwebrtc does the same; its sender tolerates reports that overlap).
 * Numbers more than {@link #WINDOW} behind the newest are too old to report and are only counted.
 *
 * <p>Not thread-safe: confined to the room's loop.
 */
final class TransportCcFeedbackGenerator {

    /** Sequence numbers remembered: at 1 000 packets/s about 4 s, far more than a feedback interval. */
    static final int WINDOW = 4096;
    /** Statuses per feedback packet at most. */
    static final int MAX_STATUSES = 400;

    private static final int MASK = WINDOW - 1;
    private static final long NOT_RECEIVED = Long.MIN_VALUE;

    private final long[] arrivalMicros = new long[WINDOW];
    private final TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(MAX_STATUSES);
    private boolean started;
    /** Newest unwrapped sequence number received. */
    private long highest;
    /** First unwrapped sequence number not reported yet; past {@link #highest} when all are. */
    private long reportFrom;
    private int feedbackCount;
    private long mediaSsrc;

    private long recorded;
    private long duplicates;
    private long tooOld;
    private long forgotten;
    private long feedbackPackets;

    TransportCcFeedbackGenerator() {
        java.util.Arrays.fill(arrivalMicros, NOT_RECEIVED);
    }

    /**
     * Records that the packet with transport-wide sequence number {@code seq} (16 bits) and SSRC
     * {@code ssrc} arrived at {@code atMicros} (any monotonic clock).
     */
    void onPacket(int seq, long atMicros, long ssrc) {
        seq &= 0xFFFF;
        mediaSsrc = ssrc;
        if (!started) {
            started = true;
            highest = seq;
            reportFrom = seq;
            arrivalMicros[seq & MASK] = atMicros;
            recorded++;
            return;
        }
        long unwrapped = highest + (short) (seq - (int) (highest & 0xFFFF));
        if (unwrapped > highest) {
            if (unwrapped - highest >= WINDOW) {
                // A jump past the whole window (a restarted sender): what was not reported is lost to us.
                forgotten += Math.max(0, highest - reportFrom + 1);
                java.util.Arrays.fill(arrivalMicros, NOT_RECEIVED);
                reportFrom = unwrapped;
            } else {
                for (long s = highest + 1; s < unwrapped; s++) {
                    arrivalMicros[(int) (s & MASK)] = NOT_RECEIVED;
                }
                if (unwrapped - reportFrom >= WINDOW) {
                    // Not reported for a whole window (no feedback sent): the oldest slots are reused.
                    long keep = unwrapped - WINDOW + 1;
                    forgotten += keep - reportFrom;
                    reportFrom = keep;
                }
            }
            highest = unwrapped;
            arrivalMicros[(int) (unwrapped & MASK)] = atMicros;
            recorded++;
            return;
        }
        if (highest - unwrapped >= WINDOW) {
            tooOld++;
            return;
        }
        int slot = (int) (unwrapped & MASK);
        if (arrivalMicros[slot] != NOT_RECEIVED) {
            duplicates++;
            return;
        }
        arrivalMicros[slot] = atMicros;
        recorded++;
        if (unwrapped < reportFrom) {
            reportFrom = unwrapped;
        }
    }

    /** Whether some received packet has not been reported yet. */
    boolean hasUnreported() {
        return started && reportFrom <= highest;
    }

    /**
     * Writes the next feedback packet at {@code buf[off]}: statuses from the first unreported
     * sequence number on, as many as fit one packet; what did not fit waits for the next call.
     *
     * @param senderSsrc our SSRC as the feedback's sender
     * @return the bytes written (a multiple of 4), 0 when everything received is reported
     * @throws IllegalArgumentException when the buffer has less than 1 000 bytes of room
     */
    int writeNext(byte[] buf, int off, long senderSsrc) {
        if (!hasUnreported()) {
            return 0;
        }
        long first = reportFrom;
        while (arrivalMicros[(int) (first & MASK)] == NOT_RECEIVED) {
            // Terminates: the newest number is always a received one.
            first++;
        }
        // Losses before the first arrival are reported too, but no more of them than one packet holds.
        long base = Math.max(reportFrom, first - (MAX_STATUSES - 1));
        forgotten += base - reportFrom;
        builder.reset(senderSsrc, mediaSsrc, feedbackCount, (int) (base & 0xFFFF));
        long last = base - 1;
        for (long s = first; s <= highest; s++) {
            long t = arrivalMicros[(int) (s & MASK)];
            if (t == NOT_RECEIVED) {
                continue;
            }
            if (!builder.addReceivedPacket((int) (s & 0xFFFF), t)) {
                // Full, or a delta beyond ±8 s: the rest goes into the next packet.
                break;
            }
            last = s;
        }
        reportFrom = last + 1;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        feedbackPackets++;
        return builder.write(buf, off);
    }

    /** Arrivals recorded. */
    long recorded() {
        return recorded;
    }

    /** Arrivals of a sequence number already recorded (not recorded again). */
    long duplicates() {
        return duplicates;
    }

    /** Arrivals more than {@link #WINDOW} behind the newest (not recorded). */
    long tooOld() {
        return tooOld;
    }

    /** Sequence numbers never reported because the window moved past them. */
    long forgotten() {
        return forgotten;
    }

    /** Feedback packets written. */
    long feedbackPackets() {
        return feedbackPackets;
    }
}
