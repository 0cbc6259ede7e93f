package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.routing.PublishedTrack;
import io.github.wildfiresfu.media.routing.PublisherTap;
import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.routing.SubscribedTrack;
import io.github.wildfiresfu.media.sdp.LocalTransport;
import io.github.wildfiresfu.media.sdp.Origin;
import io.github.wildfiresfu.media.sdp.PublisherAnswer;
import io.github.wildfiresfu.media.sdp.SubscriberOffer;
import io.github.wildfiresfu.media.transport.PeerSocket;
import io.github.wildfiresfu.media.transport.WebRtcTransport;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Janus handle's PeerConnection inside the engine: its socket, its {@link WebRtcTransport} and
 * its peer on the room's router, glued together. It is the transport's listener: RTP and RTCP go
 * to the router peer, "connected" and failures to the router and to the signalling layer.
 *
 * <p>Two sides, two threads. The negotiation state (local credentials, last answer or offer, the
 * subscription) is written and read on the signalling thread under the engine's lock. The
 * transport and the router peer are confined to the room's loop; the signalling side reaches them
 * only by posting tasks ({@link #post}).
 */
final class EngineHandle implements WebRtcTransport.Listener {

    enum Role {
        PUBLISHER, SUBSCRIBER
    }

    private static final System.Logger LOG = System.getLogger(EngineHandle.class.getName());

    final long handleId;
    final Role role;
    final RoomMedia room;
    final PeerSocket socket;
    final WebRtcTransport transport;
    final TransportEvents events;

    // Signalling side (engine lock).
    IceCredentials localCredentials;
    LocalTransport localTransport;
    Origin origin;
    PublisherAnswer answer;
    SubscriberOffer offer;
    Map<String, Integer> subscriberExtensionIds = Map.of();
    List<Subscription> subscriptions = List.of();
    boolean paused = true;
    final Set<String> accepted = new HashSet<>();
    /** Mids whose answer kept our RTX payload type: retransmissions there go out as RTX. */
    final Set<String> acceptedRtx = new HashSet<>();
    /** Per answered mid, the extensions the answer kept ({@code "<id> <uri>"}). */
    final Map<String, Set<String>> answeredExtensions = new HashMap<>();
    final Map<String, Long> ssrcByMid = new HashMap<>();
    /** Our RTX SSRC per video mid, stable like {@link #ssrcByMid}. */
    final Map<String, Long> rtxSsrcByMid = new HashMap<>();

    // Loop side.
    private RoomRouter.PublisherPeer publisherPeer;
    private RoomRouter.SubscriberPeer subscriberPeer;
    private boolean closed;

    EngineHandle(long handleId, Role role, RoomMedia room, PeerSocket socket, TransportFactory transports,
            IceCredentials local, TransportEvents events) {
        this.handleId = handleId;
        this.role = role;
        this.room = room;
        this.socket = socket;
        this.events = events;
        this.localCredentials = local;
        this.transport = transports.create(this, local);
    }

    /** Builds the transport of a handle (the engine's factory binds it to the room's loop and socket). */
    @FunctionalInterface
    interface TransportFactory {
        WebRtcTransport create(EngineHandle owner, IceCredentials local);
    }

    /** Runs {@code task} on the room's loop. */
    void post(Runnable task) {
        room.loop.execute(task);
    }

    /** Signalling side: puts the handle on the room's router (posted to the loop). */
    void start() {
        post(() -> {
            if (closed) {
                return;
            }
            room.attach(this);
            if (role == Role.PUBLISHER) {
                publisherPeer = room.router.addPublisher(handleId, transport,
                        (mid, kind, receiving) -> events.onMedia(handleId, mid, kind.sdpName(), receiving));
            } else {
                subscriberPeer = room.router.addSubscriber(handleId, transport);
            }
        });
    }

    /**
     * Signalling side: attaches the socket to the room's loop, after the tasks already posted (so
     * the transport knows its peer before the first datagram is read).
     */
    void registerSocket() {
        socket.attach(room.loop, room.receiveBuffer, transport::onDatagram);
    }

    // ------------------------------------------------------------------ loop side

    /** On the loop: the publisher's remote parameters and streams (first publish or renegotiation). */
    void applyPublisher(WebRtcTransport.RemoteParameters remote, List<PublishedTrack> tracks,
            RoomRouter.PublisherSettings settings) {
        if (closed) {
            return;
        }
        transport.setRemote(remote);
        publisherPeer.update(tracks, settings);
    }

    /** On the loop: the subscription changed (offer, answer, switch, pause, send flags). */
    void applySubscriber(WebRtcTransport.RemoteParameters remote, List<SubscribedTrack> tracks, boolean pausedNow) {
        if (closed) {
            return;
        }
        if (remote != null) {
            transport.setRemote(remote);
        }
        subscriberPeer.update(tracks, pausedNow);
    }

    /** On the loop: our ICE restart. */
    void restartIce(IceCredentials local) {
        if (!closed) {
            transport.restartIce(local, null, null);
            // Single-port mode routes checks by our ufrag: the new one from now on.
            socket.localUfragChanged(local.ufrag());
        }
    }

    /** On the loop: {@code configure send} / moderation of publisher streams. */
    void setPublisherActive(Map<String, Boolean> activeByMid) {
        if (!closed && publisherPeer != null) {
            publisherPeer.setActive(activeByMid);
        }
    }

    /** On the loop: the tap (recorder) on one of this publisher's streams, or null to remove it. */
    void setPublisherTap(String mid, PublisherTap tap) {
        if (!closed && publisherPeer != null) {
            publisherPeer.setTap(mid, tap);
        }
    }

    /** On the loop: a keyframe request for one of this publisher's streams. */
    void requestKeyframe(String mid) {
        if (!closed && publisherPeer != null) {
            publisherPeer.requestKeyframe(mid);
        }
    }

    /** On the loop: the timer. */
    void checkTimers(long nowNanos) {
        if (!closed) {
            transport.checkTimers(nowNanos);
        }
    }

    /**
     * On the loop: the signalling side closes the PeerConnection (hangup, leave, detach, shutdown).
     * DTLS close_notify is queued before the socket closes, so it still goes out. Idempotent.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
        leaveRouter();
        socket.close();
    }

    private void leaveRouter() {
        if (subscriberPeer != null && !subscriberPeer.stats().isEmpty()) {
            // One line per closed subscriber PeerConnection: what each m-line got and why not more.
            StringBuilder b = new StringBuilder();
            for (RoomRouter.OutgoingStats o : subscriberPeer.stats()) {
                b.append(" [mid ").append(o.mid()).append(' ').append(o.kind().sdpName()).append(": sent ")
                        .append(o.packetsSent()).append(", retransmitted ").append(o.retransmitted())
                        .append(", not sent ").append(o.drops()).append(", as RTX ").append(o.retransmittedAsRtx())
                        .append(']');
            }
            RoomRouter.TransportCcSubscriberStats t = subscriberPeer.transportCcStats();
            b.append(" transport-cc: numbered ").append(t.numbered()).append(", feedback ").append(t.feedbackPackets())
                    .append(" reporting received ").append(t.reportedReceived()).append(" lost ")
                    .append(t.reportedLost());
            LOG.log(Level.INFO, "handle " + handleId + " (subscriber, room " + room.roomId + ") streams at close:" + b);
        }
        if (publisherPeer != null) {
            // One line per closed publisher PeerConnection: what reached us, what was dropped before the
            // router (e.g. SRTP before DTLS finished: NOT_CONNECTED) and per stream what the router refused.
            StringBuilder b = new StringBuilder();
            for (RoomRouter.IncomingStats i : publisherPeer.stats()) {
                b.append(" [mid ").append(i.mid()).append(' ').append(i.kind().sdpName()).append(": received ")
                        .append(i.packets()).append(", lost ").append(i.lost()).append(", dropped ").append(i.drops())
                        .append(']');
            }
            LOG.log(Level.INFO, "handle " + handleId + " (publisher, room " + room.roomId + ") at close: RTP "
                    + transport.rtpReceived() + ", RTCP " + transport.rtcpReceived() + ", not received "
                    + transport.drops().snapshot() + ", unclassified " + transport.kindDrops().snapshot() + ";" + b);
        }
        if (publisherPeer != null && publisherPeer.transportCcStats().extensionId() > 0) {
            RoomRouter.TransportCcFeedbackStats t = publisherPeer.transportCcStats();
            LOG.log(Level.INFO, "handle " + handleId + " (publisher, room " + room.roomId + ") transport-cc at close: "
                    + "recorded " + t.recorded() + ", feedback " + t.feedbackPackets() + ", duplicates "
                    + t.duplicates() + ", too old " + t.tooOld() + ", never reported " + t.forgotten());
        }
        room.detach(this);
        if (publisherPeer != null) {
            publisherPeer.remove();
        }
        if (subscriberPeer != null) {
            subscriberPeer.remove();
        }
    }

    /** On the loop: statistics of this handle. */
    MediaEngine.HandleStats stats() {
        return new MediaEngine.HandleStats(handleId, role.name().toLowerCase(java.util.Locale.ROOT), socket.port(),
                transport.state(), transport.rtpReceived(), transport.rtpSent(), transport.rtcpReceived(),
                transport.rtcpSent(), transport.drops().snapshot(), transport.kindDrops().snapshot(),
                publisherPeer == null ? List.of() : publisherPeer.stats(),
                subscriberPeer == null ? List.of() : subscriberPeer.stats(),
                publisherPeer == null ? null : publisherPeer.transportCcStats(),
                subscriberPeer == null ? null : subscriberPeer.transportCcStats());
    }

    // ------------------------------------------------------------------ transport listener (loop)

    @Override
    public void onTransportConnected(WebRtcTransport t) {
        if (closed) {
            return;
        }
        if (publisherPeer != null) {
            publisherPeer.onConnected();
        }
        if (subscriberPeer != null) {
            subscriberPeer.onConnected();
        }
        events.onConnected(handleId);
    }

    @Override
    public void onTransportRtp(WebRtcTransport t, byte[] buf, int off, int len) {
        if (publisherPeer != null) {
            publisherPeer.onRtp(buf, off, len);
        }
        // A subscriber's PeerConnection is sendonly from our side: RTP from it has nowhere to go.
    }

    @Override
    public void onTransportRtcp(WebRtcTransport t, byte[] buf, int off, int len) {
        if (publisherPeer != null) {
            publisherPeer.onRtcp(buf, off, len);
        } else if (subscriberPeer != null) {
            subscriberPeer.onRtcp(buf, off, len);
        }
    }

    @Override
    public void onTransportFailed(WebRtcTransport t, WebRtcTransport.Failure failure) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(Level.INFO, () -> "handle " + handleId + " (" + role.name().toLowerCase(java.util.Locale.ROOT)
                + ", room " + room.roomId + "): " + failure.reason() + ": " + failure.detail());
        leaveRouter();
        socket.close();
        events.onFailed(handleId, failure.reason(), failure.ice());
    }

    @Override
    public String toString() {
        return "handle " + handleId + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ", room " + room.roomId
                + ", port " + socket.port() + ")";
    }
}
