package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a publisher's offer under a room's {@link PublisherPolicy}, the way Janus's VideoRoom
 * answers with {@code janus_sdp_generate_answer} / {@code janus_sdp_generate_answer_mline}, and
 * summarises what is published for the router.
 *
 * <p>The answer has the offer's m-lines in the same order (RFC 3264 §6). An m-line we take is
 * answered {@code recvonly} (or {@code inactive} if the publisher does not send) with one codec
 * and its RTX, the accepted header extensions, {@code rtcp-mux}, {@code rtcp-rsize} when offered,
 * and rid simulcast answered as {@code recv} with the offered rids (RFC 8853 §5.3). Data channels
 * get our {@code sctp-port} and {@code max-message-size} (RFC 8841). An m-line we refuse (media
 * type, protocol, no allowed codec, data disabled, no mid, outside the BUNDLE group, disabled in
 * the offer) gets port 0, payload type 0 for RTP and only {@code a=mid} and {@code a=inactive},
 * as {@code janus_sdp_write} writes rejected lines.
 *
 * <p>Session level: {@code a=ice-lite} (we are ICE-lite, design.md §3), a BUNDLE group of the
 * accepted mids in the offer's group order (RFC 8843 §7.3; the first is the BUNDLE tag), and
 * {@code a=extmap-allow-mixed} when offered and two-byte headers are allowed. Every accepted
 * m-line carries our ICE credentials, fingerprint and {@code a=setup:passive} when the offer is
 * {@code actpass} or {@code active} ({@code active} when the offer is {@code passive}); only the
 * BUNDLE-tag m-line carries our candidates, its port and address, and {@code end-of-candidates},
 * the others port 9 and {@code 0.0.0.0} as Chromium writes bundled m-lines.
 *
 * <p>Like Janus 1.x, all media must be bundled: an offer with two or more acceptable m-lines and no
 * BUNDLE group is refused with {@link SdpNegotiationException}. Instances are immutable.
 */
public final class PublisherAnswerBuilder {

    private final PublisherPolicy policy;

    public PublisherAnswerBuilder(PublisherPolicy policy) {
        this.policy = SdpSyntax.nonNull(policy, "policy");
    }

    /** The policy this builder answers with. */
    public PublisherPolicy policy() {
        return policy;
    }

    /**
     * Builds the answer.
     *
     * @param offer the publisher's offer
     * @param local our ICE credentials, fingerprint and candidates
     * @param origin the answer's {@code o=} line (our session id; its version grows per answer)
     * @throws SdpNegotiationException when the offer cannot be answered at all
     */
    public PublisherAnswer answer(SessionDescription offer, LocalTransport local, Origin origin) {
        if (offer.media().isEmpty()) {
            throw new SdpNegotiationException("the offer has no m-line");
        }
        Optional<Group> bundle = offer.bundleGroup();
        Set<String> bundleMids = new HashSet<>(bundle.map(Group::mids).orElse(List.of()));
        List<Decision> decisions = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            decisions.add(decide(m, bundle.isPresent(), bundleMids));
        }
        List<Decision> accepted = decisions.stream().filter(d -> d.reason == null).toList();
        if (bundle.isEmpty() && accepted.size() > 1) {
            throw new SdpNegotiationException("the offer has " + accepted.size()
                    + " m-lines and no a=group:BUNDLE; like Janus 1.x we need all media bundled on one transport");
        }
        List<String> answerBundle = new ArrayList<>();
        for (String mid : bundle.map(Group::mids).orElse(List.of())) {
            if (accepted.stream().anyMatch(d -> mid.equals(d.offered.mid()))) {
                answerBundle.add(mid);
            }
        }
        MediaDescription tag = accepted.isEmpty() ? offer.media().get(0)
                : answerBundle.isEmpty() ? accepted.get(0).offered : offer.mediaByMid(answerBundle.get(0)).orElseThrow();
        RemoteTransport remote = RemoteTransport.of(offer, tag, "offer");
        Setup localSetup = answerSetup(remote.setup());

        List<MediaDescription> answerMedia = new ArrayList<>();
        List<PublishedStream> streams = new ArrayList<>();
        List<RejectedMedia> rejected = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            MediaDescription m = d.offered;
            if (d.reason != null) {
                answerMedia.add(rejectedLine(m));
                rejected.add(new RejectedMedia(i, m.mid(), m.kind(), d.reason));
                continue;
            }
            MediaDescription.Builder b = MediaDescription.builder(m.media(), 9, m.protocol(), List.of("0"))
                    .connection(Connection.of("0.0.0.0")).mid(m.mid()).iceUfrag(local.iceUfrag())
                    .icePwd(local.icePwd()).fingerprints(local.fingerprints()).setup(localSetup);
            if (m == tag) {
                Optional<Candidate> def = local.defaultCandidate();
                if (def.isPresent()) {
                    b.port(def.get().port()).connection(Connection.of(def.get().address()));
                }
                b.candidates(local.candidates()).endOfCandidates(!local.candidates().isEmpty());
            }
            if (m.kind() == MediaKind.APPLICATION) {
                b.formats(List.of(MediaDescription.WEBRTC_DATACHANNEL)).sctpPort(policy.sctpPort())
                        .maxMessageSize(policy.maxMessageSize());
                answerMedia.add(b.build());
                streams.add(new PublishedStream(i, m.mid(), m.kind(), Optional.empty(), List.of(), Map.of(), List.of(),
                        false, Map.of(), Optional.empty(), true));
                continue;
            }
            answerMedia.add(answerRtpLine(b, m, d.codec, streams, i));
        }

        SessionDescription.Builder sb = SessionDescription.builder(origin, "-").iceLite(true)
                .extmapAllowMixed(offer.extmapAllowMixed() && policy.extensions().twoByteHeaders())
                .media(answerMedia);
        if (bundle.isPresent() && !answerBundle.isEmpty()) {
            sb.groups(List.of(Group.bundle(answerBundle)));
        }
        return new PublisherAnswer(sb.build(), streams, rejected, remote, localSetup);
    }

    private MediaDescription answerRtpLine(MediaDescription.Builder b, MediaDescription m, SelectedCodec selected,
            List<PublishedStream> streams, int mindex) {
        boolean sending = m.effectiveDirection().sends();
        List<Extmap> extmaps = policy.extensions().answer(m);
        SelectedCodec codec = selected;
        if (extmaps.stream().noneMatch(e -> e.uri().equals(HeaderExtensionPolicy.TRANSPORT_WIDE_CC))) {
            // Transport-cc feedback needs the transport-wide sequence numbers: without the extension
            // (a room with transport_wide_cc_ext = false) the answer does not promise it.
            codec = new SelectedCodec(selected.name(), selected.codec().withFeedback(selected.codec().feedback().stream()
                    .filter(f -> !f.trim().equalsIgnoreCase("transport-cc")).toList()), selected.rtx());
        }
        List<String> formats = new ArrayList<>();
        List<Codec> codecs = new ArrayList<>();
        formats.add(Integer.toString(codec.payloadType()));
        codecs.add(codec.codec());
        codec.rtx().ifPresent(r -> {
            formats.add(Integer.toString(r.payloadType()));
            codecs.add(r);
        });
        b.formats(formats).codecs(codecs).direction(sending ? Direction.RECVONLY : Direction.INACTIVE)
                .rtcpMux(true).rtcpRsize(m.rtcpRsize()).extmaps(extmaps);

        // RFC 8853 §5.3: answer the send streams as recv with the same rids; without the rid
        // header extension the layers could not be told apart, so simulcast is then declined and
        // the browser sends its first encoding only.
        List<String> rids = List.of();
        boolean ridExtension = extmaps.stream().anyMatch(e -> e.uri().equals(HeaderExtensionPolicy.RID));
        if (m.simulcast() != null && !m.simulcast().send().isEmpty() && ridExtension) {
            List<Rid> answerRids = new ArrayList<>();
            for (List<Simulcast.Alternative> stream : m.simulcast().send()) {
                for (Simulcast.Alternative alt : stream) {
                    answerRids.add(new Rid(alt.rid(), false, null));
                }
            }
            b.rids(answerRids).simulcast(new Simulcast(List.of(), m.simulcast().send()));
            rids = m.simulcast().sendRids();
        }

        Map<Long, Long> rtxSsrcs = new LinkedHashMap<>();
        Set<Long> secondaries = new HashSet<>();
        for (SsrcGroup g : m.ssrcGroups()) {
            if ((SsrcGroup.FID.equals(g.semantics()) || "FEC-FR".equals(g.semantics())) && g.ssrcs().size() == 2) {
                if (SsrcGroup.FID.equals(g.semantics())) {
                    rtxSsrcs.put(g.ssrcs().get(0), g.ssrcs().get(1));
                }
                secondaries.add(g.ssrcs().get(1));
            }
        }
        Optional<SsrcGroup> sim = m.ssrcGroup(SsrcGroup.SIM);
        List<Long> ssrcs = sim.isPresent() && sim.get().ssrcs().size() > 1 ? sim.get().ssrcs()
                : m.ssrcs().stream().map(Ssrc::ssrc).filter(s -> !secondaries.contains(s)).toList();
        boolean simulcast = !rids.isEmpty() || (sim.isPresent() && sim.get().ssrcs().size() > 1);
        Map<String, Integer> ids = new LinkedHashMap<>();
        extmaps.forEach(e -> ids.put(e.uri(), e.id()));
        streams.add(new PublishedStream(mindex, m.mid(), m.kind(), Optional.of(codec), ssrcs, rtxSsrcs, rids, simulcast,
                ids, m.msid(), sending));
        return b.build();
    }

    /** Why an m-line is refused, or a decision to take it with a codec. */
    private Decision decide(MediaDescription m, boolean bundled, Set<String> bundleMids) {
        if (m.isRejected()) {
            return Decision.reject(m, "disabled in the offer (port 0)");
        }
        if (m.kind() == MediaKind.OTHER) {
            return Decision.reject(m, "media type " + m.media() + " is not supported");
        }
        if (m.mid() == null) {
            return Decision.reject(m, "the m-line has no a=mid (RFC 8843 needs one to bundle)");
        }
        if (bundled && !bundleMids.contains(m.mid())) {
            return Decision.reject(m, "mid " + m.mid() + " is not in the BUNDLE group");
        }
        if (m.kind() == MediaKind.APPLICATION) {
            if (!policy.dataEnabled()) {
                return Decision.reject(m, "data channels are disabled in this room");
            }
            if (!m.protocol().toUpperCase(Locale.ROOT).endsWith("DTLS/SCTP")
                    || !m.formats().contains(MediaDescription.WEBRTC_DATACHANNEL)) {
                return Decision.reject(m, "only SCTP data channels over DTLS (RFC 8841 webrtc-datachannel) are supported");
            }
            return new Decision(m, null, null);
        }
        if (!m.isRtp() || !m.protocol().toUpperCase(Locale.ROOT).endsWith("/SAVPF")) {
            return Decision.reject(m, "protocol " + m.protocol() + " is not supported; WebRTC media uses UDP/TLS/RTP/SAVPF");
        }
        if (!m.rtcpMux()) {
            return Decision.reject(m, "the m-line has no a=rtcp-mux; RTP and RTCP must share one port");
        }
        Optional<SelectedCodec> codec = policy.codecs().select(m);
        if (codec.isEmpty()) {
            String allowed = m.kind() == MediaKind.AUDIO ? policy.codecs().audioList() : policy.codecs().videoList();
            return Decision.reject(m, "no codec the room allows (" + allowed + ") is offered");
        }
        return new Decision(m, codec.get(), null);
    }

    /** RFC 5763 §5 / RFC 8842 §5.3: the answerer of actpass picks; we are passive (DTLS server). */
    private static Setup answerSetup(Setup offered) {
        switch (offered) {
            case ACTPASS:
            case ACTIVE:
                return Setup.PASSIVE;
            case PASSIVE:
                return Setup.ACTIVE;
            default:
                throw new SdpNegotiationException("the offer says a=setup:holdconn; there is no DTLS connection to make");
        }
    }

    /** Port 0 with only the mid and {@code inactive}, as {@code janus_sdp_write} writes rejected lines. */
    static MediaDescription rejectedLine(MediaDescription m) {
        List<String> formats = m.isRtp() ? List.of("0") : m.formats();
        return MediaDescription.builder(m.media(), 0, m.protocol(), formats).connection(Connection.of("0.0.0.0"))
                .mid(m.mid()).direction(Direction.INACTIVE).build();
    }

    private static final class Decision {
        final MediaDescription offered;
        final SelectedCodec codec;
        final String reason;

        Decision(MediaDescription offered, SelectedCodec codec, String reason) {
            this.offered = offered;
            this.codec = codec;
            this.reason = reason;
        }

        static Decision reject(MediaDescription m, String reason) {
            return new Decision(m, null, reason);
        }
    }
}
