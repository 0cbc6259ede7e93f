package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * The answer to a publisher's offer and what it means for the router.
 *
 * @param answer the answer
 * @param streams the accepted m-lines, in m-line order
 * @param rejected the m-lines answered with port 0, in m-line order
 * @param remote the publisher's transport (from the BUNDLE-tag m-line)
 * @param localSetup our DTLS role as written in the answer ({@code passive}: we are the DTLS server)
 */
public record PublisherAnswer(SessionDescription answer, List<PublishedStream> streams, List<RejectedMedia> rejected,
        RemoteTransport remote, Setup localSetup) {

    public PublisherAnswer {
        streams = List.copyOf(streams);
        rejected = List.copyOf(rejected);
    }

    /** The answer as SDP text. */
    public String sdp() {
        return SdpWriter.write(answer);
    }
}
