package io.github.wildfiresfu.janus.videoroom;

import java.util.List;
import java.util.Set;

/**
 * The production {@link VideoRoomMedia} until the media engine exists (issue #3): every
 * negotiation fails with {@link #REASON}, which the plugin sends to the client as VideoRoom error
 * 499. Signalling without media (create, join, list, kick, ...) works normally.
 */
public final class UnavailableVideoRoomMedia implements VideoRoomMedia {

    /** The error text clients see. */
    public static final String REASON = "WebRTC media is not available yet in this build (issue #3)";

    @Override
    public PublishNegotiation publish(PublishRequest request) throws MediaException {
        throw new MediaException.Unavailable(REASON);
    }

    @Override
    public String offerSubscriber(SubscriberOfferRequest request) throws MediaException {
        throw new MediaException.Unavailable(REASON);
    }

    @Override
    public Set<String> applySubscriberAnswer(long handleId, String answerSdp) throws MediaException {
        throw new MediaException.Unavailable(REASON);
    }

    @Override
    public void updateSubscriber(long handleId, List<SubscribedStream> streams, boolean paused) {
        // Nothing is relayed without a media engine.
    }

    @Override
    public void updatePublisher(long handleId, List<PublisherStreamState> streams) {
        // Nothing is relayed without a media engine.
    }

    @Override
    public void requestKeyframe(long publisherHandleId, String mid) {
        // No PeerConnection to send a PLI on.
    }

    @Override
    public void closePublisher(long handleId) {
        // No PeerConnection was ever created.
    }

    @Override
    public void closeSubscriber(long handleId) {
        // No PeerConnection was ever created.
    }
}
