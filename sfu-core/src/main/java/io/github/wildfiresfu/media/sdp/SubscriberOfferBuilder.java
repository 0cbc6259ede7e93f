package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the offers we send to a subscriber and checks the subscriber's answers, in the shape of
 * Janus's VideoRoom subscriber offers ({@code janus_videoroom.c}: one sendonly m-line per
 * subscribed stream, mids stable across updates, freed m-lines recycled).
 *
 * <p>An offer has {@code a=ice-lite}, a BUNDLE group of the m-lines that carry a stream (the
 * first is the BUNDLE tag, carrying our candidates and {@code end-of-candidates}), and on every
 * m-line our ICE credentials, fingerprint and {@code a=setup:actpass} (RFC 8842 §5.2). A media
 * m-line is {@code sendonly} with the publisher's codec and our RTX, {@code rtcp-mux}, the
 * header extensions of {@link HeaderExtensionPolicy#subscriberOffer}, an msid, and our SSRC(s)
 * with cname and msid (plus {@code ssrc-group:FID} with RTX, RFC 5576). A data m-line offers
 * {@code webrtc-datachannel} with our sctp-port and max-message-size.
 *
 * <p>{@link #update} removes streams by mid (their m-line stays, with port 0 and
 * {@code inactive}, as Janus does) and adds streams: a stream with a mid goes to that m-line if
 * it is free and of the same kind, or to a new m-line with that mid; a stream without one reuses
 * the first free m-line of its kind, else gets a new m-line whose mid is the first unused
 * number. Existing mids never change. Instances are immutable.
 */
public final class SubscriberOfferBuilder {

    private static final String RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF";
    private static final String DATA_PROTOCOL = "UDP/DTLS/SCTP";

    private final HeaderExtensionPolicy extensions;
    private final int sctpPort;
    private final long maxMessageSize;

    public SubscriberOfferBuilder(HeaderExtensionPolicy extensions, int sctpPort, long maxMessageSize) {
        this.extensions = SdpSyntax.nonNull(extensions, "extensions");
        if (sctpPort < 1 || sctpPort > 65535 || maxMessageSize < 0) {
            throw new IllegalArgumentException("sctp-port must be 1-65535 and max-message-size not negative");
        }
        this.sctpPort = sctpPort;
        this.maxMessageSize = maxMessageSize;
    }

    /** Default extensions, sctp-port 5000, max-message-size 256 KiB. */
    public static SubscriberOfferBuilder defaults() {
        return new SubscriberOfferBuilder(HeaderExtensionPolicy.defaults(), 5000, PublisherPolicy.DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * The first offer for these streams.
     *
     * @throws IllegalArgumentException if two streams ask for the same mid
     */
    public SubscriberOffer offer(Origin origin, LocalTransport local, List<SubscriberStream> streams) {
        List<SubscriberOffer.Slot> slots = new ArrayList<>();
        place(slots, streams);
        return new SubscriberOffer(describe(origin, local, slots), slots);
    }

    /**
     * The next offer: {@code removeMids} freed, then {@code add} placed; the origin's version is
     * incremented (RFC 3264 §8).
     *
     * @throws IllegalArgumentException if a mid to remove is unknown, or an added stream asks for
     *     a mid that is in use or of another kind
     */
    public SubscriberOffer update(SubscriberOffer previous, LocalTransport local, List<SubscriberStream> add,
            Collection<String> removeMids) {
        List<SubscriberOffer.Slot> slots = new ArrayList<>(previous.slots());
        for (String mid : removeMids) {
            int i = indexOf(slots, mid);
            if (i < 0) {
                throw new IllegalArgumentException("no m-line has mid " + mid);
            }
            SubscriberOffer.Slot s = slots.get(i);
            slots.set(i, new SubscriberOffer.Slot(s.mindex(), s.mid(), s.kind(), Optional.empty()));
        }
        place(slots, add);
        return new SubscriberOffer(describe(previous.offer().origin().nextVersion(), local, slots), slots);
    }

    private static void place(List<SubscriberOffer.Slot> slots, List<SubscriberStream> add) {
        for (SubscriberStream s : add) {
            if (s.mid() != null) {
                int i = indexOf(slots, s.mid());
                if (i >= 0) {
                    SubscriberOffer.Slot slot = slots.get(i);
                    if (slot.active() || slot.kind() != s.kind()) {
                        throw new IllegalArgumentException("mid " + s.mid() + " is in use or is not a free "
                                + s.kind().sdpName() + " m-line");
                    }
                    slots.set(i, new SubscriberOffer.Slot(i, s.mid(), s.kind(), Optional.of(s)));
                } else {
                    slots.add(new SubscriberOffer.Slot(slots.size(), s.mid(), s.kind(), Optional.of(s)));
                }
                continue;
            }
            int free = -1;
            for (SubscriberOffer.Slot slot : slots) {
                if (!slot.active() && slot.kind() == s.kind()) {
                    free = slot.mindex();
                    break;
                }
            }
            if (free >= 0) {
                String mid = slots.get(free).mid();
                slots.set(free, new SubscriberOffer.Slot(free, mid, s.kind(), Optional.of(s.withMid(mid))));
            } else {
                String mid = unusedMid(slots);
                slots.add(new SubscriberOffer.Slot(slots.size(), mid, s.kind(), Optional.of(s.withMid(mid))));
            }
        }
    }

    private static int indexOf(List<SubscriberOffer.Slot> slots, String mid) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).mid().equals(mid)) {
                return i;
            }
        }
        return -1;
    }

    /** The first number, from the next mindex on, that no m-line uses as its mid (Janus uses mindex as mid). */
    private static String unusedMid(List<SubscriberOffer.Slot> slots) {
        Set<String> used = new HashSet<>();
        slots.forEach(s -> used.add(s.mid()));
        int n = slots.size();
        while (used.contains(Integer.toString(n))) {
            n++;
        }
        return Integer.toString(n);
    }

    private SessionDescription describe(Origin origin, LocalTransport local, List<SubscriberOffer.Slot> slots) {
        List<String> bundle = new ArrayList<>();
        slots.stream().filter(SubscriberOffer.Slot::active).forEach(s -> bundle.add(s.mid()));
        List<MediaDescription> media = new ArrayList<>();
        for (SubscriberOffer.Slot slot : slots) {
            boolean tag = !bundle.isEmpty() && bundle.get(0).equals(slot.mid());
            media.add(slot.active() ? activeLine(slot, local, tag) : freeLine(slot));
        }
        SessionDescription.Builder b = SessionDescription.builder(origin, "-").iceLite(true)
                .msidSemantic(new MsidSemantic("WMS", List.of("*"))).media(media);
        if (!bundle.isEmpty()) {
            b.groups(List.of(Group.bundle(bundle)));
        }
        return b.build();
    }

    private MediaDescription activeLine(SubscriberOffer.Slot slot, LocalTransport local, boolean tag) {
        SubscriberStream s = slot.stream().orElseThrow();
        boolean data = s.kind() == MediaKind.APPLICATION;
        MediaDescription.Builder b = MediaDescription.builder(s.kind().sdpName(), 9, data ? DATA_PROTOCOL : RTP_PROTOCOL,
                List.of("0")).connection(Connection.of("0.0.0.0")).mid(slot.mid()).iceUfrag(local.iceUfrag())
                .icePwd(local.icePwd()).fingerprints(local.fingerprints()).setup(Setup.ACTPASS);
        if (tag) {
            local.defaultCandidate().ifPresent(c -> b.port(c.port()).connection(Connection.of(c.address())));
            b.candidates(local.candidates()).endOfCandidates(!local.candidates().isEmpty());
        }
        if (data) {
            return b.formats(List.of(MediaDescription.WEBRTC_DATACHANNEL)).sctpPort(sctpPort)
                    .maxMessageSize(maxMessageSize).build();
        }
        List<String> formats = new ArrayList<>();
        List<Codec> codecs = new ArrayList<>();
        formats.add(Integer.toString(s.codec().payloadType()));
        codecs.add(s.codec());
        List<SsrcGroup> groups = new ArrayList<>();
        List<Ssrc> ssrcs = new ArrayList<>();
        ssrcs.add(Ssrc.of(s.ssrc(), s.cname(), s.msid()));
        if (s.rtx() != null) {
            formats.add(Integer.toString(s.rtx().payloadType()));
            codecs.add(s.rtx());
            groups.add(new SsrcGroup(SsrcGroup.FID, List.of(s.ssrc(), s.rtxSsrc())));
            ssrcs.add(Ssrc.of(s.rtxSsrc(), s.cname(), s.msid()));
        }
        b.formats(formats).codecs(codecs).direction(Direction.SENDONLY).rtcpMux(true)
                .extmaps(extensions.subscriberOffer(s.kind())).ssrcGroups(groups).ssrcs(ssrcs);
        if (s.msid() != null) {
            b.msids(List.of(s.msid()));
        }
        return b.build();
    }

    private static MediaDescription freeLine(SubscriberOffer.Slot slot) {
        boolean data = slot.kind() == MediaKind.APPLICATION;
        return MediaDescription.builder(slot.kind().sdpName(), 0, data ? DATA_PROTOCOL : RTP_PROTOCOL,
                List.of(data ? MediaDescription.WEBRTC_DATACHANNEL : "0")).connection(Connection.of("0.0.0.0"))
                .mid(slot.mid()).direction(Direction.INACTIVE).build();
    }

    /**
     * Reads a subscriber's answer to one of our offers: what it accepted and its transport.
     *
     * @throws SdpNegotiationException when the answer does not answer this offer (m-line count,
     *     mids, a sending direction, {@code actpass}, missing ICE credentials or fingerprint)
     */
    public SubscriberAnswer checkAnswer(SubscriberOffer offer, SessionDescription answer) {
        List<MediaDescription> offered = offer.offer().media();
        if (answer.media().size() != offered.size()) {
            throw new SdpNegotiationException("the answer has " + answer.media().size() + " m-lines; the offer has "
                    + offered.size());
        }
        List<SubscriberAnswer.StreamAcceptance> out = new ArrayList<>();
        MediaDescription tag = null;
        for (int i = 0; i < offered.size(); i++) {
            MediaDescription o = offered.get(i);
            MediaDescription a = answer.media().get(i);
            SubscriberOffer.Slot slot = offer.slots().get(i);
            if (a.mid() != null && !a.mid().equals(o.mid())) {
                throw new SdpNegotiationException("answer m-line " + i + " has mid " + a.mid() + "; the offer has "
                        + o.mid());
            }
            if (!slot.active()) {
                out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), false, false, "no stream on this m-line"));
                continue;
            }
            if (a.isRejected()) {
                out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), false, false, "rejected by the subscriber"));
                continue;
            }
            if (tag == null) {
                tag = answer.bundleGroup().flatMap(g -> g.mids().stream().findFirst()).flatMap(answer::mediaByMid)
                        .orElse(a);
            }
            if (slot.kind() == MediaKind.APPLICATION) {
                out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), true, false, null));
                continue;
            }
            Direction d = a.effectiveDirection();
            if (d.sends()) {
                throw new SdpNegotiationException("answer m-line " + i + " is " + d.sdpName()
                        + " but we offered sendonly (RFC 3264 §6.1)");
            }
            if (d == Direction.INACTIVE) {
                out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), false, false, "answered inactive"));
                continue;
            }
            SubscriberStream s = slot.stream().orElseThrow();
            List<Integer> pts = a.payloadTypes();
            if (!pts.contains(s.codec().payloadType())) {
                out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), false, false, "payload type "
                        + s.codec().payloadType() + " (" + s.codec().name() + ") is not in the answer"));
                continue;
            }
            boolean rtx = s.rtx() != null && pts.contains(s.rtx().payloadType());
            out.add(new SubscriberAnswer.StreamAcceptance(i, slot.mid(), true, rtx, null));
        }
        RemoteTransport remote = RemoteTransport.of(answer, tag != null ? tag : answer.media().get(0), "answer");
        Setup localSetup;
        switch (remote.setup()) {
            case ACTIVE:
                localSetup = Setup.PASSIVE;
                break;
            case PASSIVE:
                localSetup = Setup.ACTIVE;
                break;
            default:
                throw new SdpNegotiationException("the answer says a=setup:" + remote.setup().sdpName()
                        + "; an answer must pick active or passive (RFC 8842 §5.3)");
        }
        return new SubscriberAnswer(remote, localSetup, out);
    }
}
