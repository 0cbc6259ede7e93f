package io.github.wildfiresfu.recorder.post;

/**
 * What ordering a recording found. Each dropped record is counted under exactly one reason.
 *
 * @param records        packet records read from the file
 * @param kept           packets in the ordered list
 * @param duplicates     dropped: same timestamp and sequence number as a packet already kept
 *                       (retransmissions)
 * @param otherSsrc      dropped: SSRC other than the first one seen (as {@code janus-pp-rec})
 * @param notRtp         dropped: shorter than an RTP header, not version 2, or malformed
 * @param tooLarge       dropped: longer than 1500 bytes ("very likely not RTP", {@code janus-pp-rec})
 * @param noPayload      dropped: header only, or padding only
 * @param reordered      kept packets that arrived after a packet that follows them
 * @param lost           sequence numbers missing between kept packets
 * @param timestampWraps times the RTP timestamp wrapped past 2^32
 */
public record OrderingStats(long records, long kept, long duplicates, long otherSsrc, long notRtp, long tooLarge,
                            long noPayload, long reordered, long lost, int timestampWraps) {
}
