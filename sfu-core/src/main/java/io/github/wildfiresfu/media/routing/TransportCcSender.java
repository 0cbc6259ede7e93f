package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;

/**
 * The send side of transport-wide congestion control toward one subscriber PeerConnection
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): numbers every RTP packet we send it,
 * retransmissions included, with one transport-wide sequence number (§2: one counter for all
 * streams of the transport), and reads the Transport Feedback the subscriber sends back.
 *
 * <p>We do not run a send-side bandwidth estimator: the feedback is counted (packets reported
 * received and lost, feedback packets that went missing, reports of numbers we never sent) so the
 * loss toward the subscriber is known; each number is counted once, the first time a feedback
 * covers it (a later report of the same number, after reordering, does not change the counts).
 *
 * <p>Allocation-free; confined to the room's loop.
 */
final class TransportCcSender {

    /** What the subscriber's feedback said so far. */
    record Stats(long numbered, long feedbackPackets, long reportedReceived, long reportedLost,
            long missingFeedbackPackets, long unknownReports) {
    }

    /** Next 16-bit number to write; libwebrtc's senders start at 1, any start is valid. */
    private int nextSequence = 1;
    /** Unwrapped number of the last packet numbered, -1 before any (the first gets 1). */
    private long lastNumbered;
    private long numbered;
    /** Unwrapped number of the newest packet a feedback reported on. */
    private long highestReported;
    private int lastFeedbackCount = -1;

    private long feedbackPackets;
    private long reportedReceived;
    private long reportedLost;
    private long missingFeedbackPackets;
    private long unknownReports;

    /**
     * Writes the next transport-wide sequence number into the two-byte element value at
     * {@code buf[valueOffset]} (big-endian, §2 of the draft).
     */
    void number(byte[] buf, int valueOffset) {
        buf[valueOffset] = (byte) (nextSequence >> 8);
        buf[valueOffset + 1] = (byte) nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        lastNumbered++;
        numbered++;
    }

    /** Takes one well-formed feedback packet (the caller checked it with {@link TransportCcFeedback#wrap}). */
    void onFeedback(TransportCcFeedback feedback) {
        feedbackPackets++;
        int count = feedback.feedbackPacketCount();
        if (lastFeedbackCount >= 0) {
            int gap = (count - lastFeedbackCount - 1) & 0xFF;
            // A small gap is lost feedback; a large one is reordering of an old packet, not counted.
            if (gap < 0x80) {
                missingFeedbackPackets += gap;
            }
        }
        lastFeedbackCount = count;
        feedback.resetCursor();
        int lastNumbered16 = (int) (lastNumbered & 0xFFFF);
        while (feedback.nextPacket()) {
            long reported = lastNumbered + (short) (feedback.packetSequenceNumber() - lastNumbered16);
            if (reported > lastNumbered || reported < 1) {
                unknownReports++;
                continue;
            }
            if (reported <= highestReported) {
                continue;
            }
            highestReported = reported;
            if (feedback.packetReceived()) {
                reportedReceived++;
            } else {
                reportedLost++;
            }
        }
    }

    /** The counters. */
    Stats stats() {
        return new Stats(numbered, feedbackPackets, reportedReceived, reportedLost, missingFeedbackPackets,
                unknownReports);
    }
}
