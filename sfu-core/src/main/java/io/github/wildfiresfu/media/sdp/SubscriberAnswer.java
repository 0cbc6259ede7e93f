package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * What a subscriber's answer accepted.
 *
 * @param remote the subscriber's transport (from its BUNDLE-tag m-line)
 * @param localSetup our DTLS role implied by the answer ({@code active} when it answered passive)
 * @param streams one per m-line of the offer, in order
 */
public record SubscriberAnswer(RemoteTransport remote, Setup localSetup, List<StreamAcceptance> streams) {

    /**
     * One offered m-line: accepted or not (and why not), and whether RTX was kept.
     *
     * @param mindex the m-line index
     * @param mid its mid
     * @param accepted true when the subscriber will receive it
     * @param rtx true when the RTX payload type is in the answer
     * @param reason why not accepted, or {@code null}
     */
    public record StreamAcceptance(int mindex, String mid, boolean accepted, boolean rtx, String reason) {
    }

    public SubscriberAnswer {
        streams = List.copyOf(streams);
    }
}
