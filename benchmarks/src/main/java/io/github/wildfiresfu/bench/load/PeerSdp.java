package io.github.wildfiresfu.bench.load;

import io.github.wildfiresfu.media.dtls.DtlsFingerprint;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.sdp.Candidate;
import io.github.wildfiresfu.media.sdp.Codec;
import io.github.wildfiresfu.media.sdp.Connection;
import io.github.wildfiresfu.media.sdp.Direction;
import io.github.wildfiresfu.media.sdp.Extmap;
import io.github.wildfiresfu.media.sdp.Fingerprint;
import io.github.wildfiresfu.media.sdp.Group;
import io.github.wildfiresfu.media.sdp.MediaDescription;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.sdp.Msid;
import io.github.wildfiresfu.media.sdp.MsidSemantic;
import io.github.wildfiresfu.media.sdp.Origin;
import io.github.wildfiresfu.media.sdp.SdpWriter;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.Setup;
import io.github.wildfiresfu.media.sdp.Ssrc;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SDP a load-generator peer writes, with sfu-core's SDP model and writer: a publisher's offer
 * shaped like Chromium's (audio Opus + video VP8, BUNDLE, rtcp-mux, ICE credentials, a DTLS
 * fingerprint with {@code a=setup:actpass}, msid and SSRCs, one host candidate, end of
 * candidates), and a subscriber's recvonly answer to the server's offer. Only what the generator
 * really does is offered: no RTX, no transport-cc and no header extension but {@code sdes:mid}, so
 * neither server spends work on feedback the generator would ignore.
 */
final class PeerSdp {

    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";
    /** Host candidate priority for a UDP IPv4 candidate (RFC 8445 §5.1.2.1: type preference 126). */
    private static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255L;

    private PeerSdp() {
    }

    /** What a publisher sends: which streams it has and the SSRCs they use. */
    record PublisherMedia(long audioSsrc, long videoSsrc) {
        boolean hasAudio() {
            return audioSsrc >= 0;
        }

        boolean hasVideo() {
            return videoSsrc >= 0;
        }
    }

    /**
     * A publisher offer: m-line mid 0 audio (Opus 111) if {@code audioSsrc >= 0}, mid 1 video
     * (VP8 96, nack, nack pli, ccm fir, goog-remb) if {@code videoSsrc >= 0}, both sendonly.
     */
    static String publisherOffer(IceCredentials ice, DtlsFingerprint fingerprint, InetSocketAddress local,
            PublisherMedia media, String cname, long sessionId) {
        String streamId = "load-" + cname;
        List<MediaDescription> lines = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        Fingerprint fp = Fingerprint.parse(fingerprint.toSdp());
        if (media.hasAudio()) {
            Codec opus = new Codec(SyntheticStream.OPUS_PT, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
            lines.add(mediaLine("audio", "0", opus, media.audioSsrc(), ice, fp, local, cname,
                    new Msid(streamId, "audio-" + cname)));
            mids.add("0");
        }
        if (media.hasVideo()) {
            Codec vp8 = new Codec(SyntheticStream.VP8_PT, "VP8", 90000, 0, null,
                    List.of("goog-remb", "ccm fir", "nack", "nack pli"));
            lines.add(mediaLine("video", "1", vp8, media.videoSsrc(), ice, fp, local, cname,
                    new Msid(streamId, "video-" + cname)));
            mids.add("1");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a publisher needs audio or video");
        }
        return SdpWriter.write(SessionDescription.builder(Origin.of(Long.toString(sessionId), 2, "127.0.0.1"), "-")
                .groups(List.of(Group.bundle(mids))).msidSemantic(new MsidSemantic("WMS", List.of(streamId)))
                .media(lines).build());
    }

    private static MediaDescription mediaLine(String kind, String mid, Codec codec, long ssrc, IceCredentials ice,
            Fingerprint fp, InetSocketAddress local, String cname, Msid msid) {
        return MediaDescription.builder(kind, local.getPort(), PROTOCOL, List.of(Integer.toString(codec.payloadType())))
                .connection(Connection.of(local.getAddress().getHostAddress())).mid(mid).direction(Direction.SENDONLY)
                .msids(List.of(msid)).iceUfrag(ice.ufrag()).icePwd(ice.pwd()).fingerprints(List.of(fp))
                .setup(Setup.ACTPASS).rtcpMux(true).rtcpRsize(true)
                .extmaps(List.of(Extmap.of(SyntheticStream.MID_EXTENSION_ID, MID_URI))).codecs(List.of(codec))
                .ssrcs(List.of(Ssrc.of(ssrc, cname, msid))).candidates(List.of(hostCandidate(local)))
                .endOfCandidates(true).build();
    }

    /**
     * A recvonly answer to a subscriber offer, as a browser would write it: each audio or video
     * m-line accepted with its first Opus or VP8 payload type only (no RTX, so retransmissions
     * never inflate the counts), its {@code sdes:mid} extension if offered, {@code a=setup:active}
     * (we are the DTLS client) and our host candidate; every other m-line (data channels) is
     * rejected with port 0.
     */
    static String subscriberAnswer(SessionDescription offer, IceCredentials ice, DtlsFingerprint fingerprint,
            InetSocketAddress local, long sessionId) {
        Fingerprint fp = Fingerprint.parse(fingerprint.toSdp());
        List<MediaDescription> lines = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            Optional<Codec> codec = m.isRejected() ? Optional.empty() : acceptedCodec(m);
            if (codec.isEmpty()) {
                lines.add(MediaDescription.builder(m.media(), 0, m.protocol(), m.formats())
                        .connection(Connection.of("0.0.0.0")).mid(m.mid()).direction(Direction.INACTIVE).build());
                continue;
            }
            bundle.add(m.mid());
            List<Extmap> extmaps = m.extmap(MID_URI).map(e -> List.of(Extmap.of(e.id(), MID_URI))).orElse(List.of());
            lines.add(MediaDescription.builder(m.media(), local.getPort(), m.protocol(),
                            List.of(Integer.toString(codec.get().payloadType())))
                    .connection(Connection.of(local.getAddress().getHostAddress())).mid(m.mid())
                    .direction(Direction.RECVONLY).iceUfrag(ice.ufrag()).icePwd(ice.pwd()).fingerprints(List.of(fp))
                    .setup(Setup.ACTIVE).rtcpMux(true).extmaps(extmaps).codecs(List.of(codec.get()))
                    .candidates(List.of(hostCandidate(local))).endOfCandidates(true).build());
        }
        if (bundle.isEmpty()) {
            throw new IllegalArgumentException("the subscriber offer has no audio or video m-line to accept");
        }
        return SdpWriter.write(SessionDescription.builder(Origin.of(Long.toString(sessionId), 1, "127.0.0.1"), "-")
                .groups(List.of(Group.bundle(bundle))).media(lines).build());
    }

    /** The first Opus (audio) or VP8 (video) codec of an m-line. */
    static Optional<Codec> acceptedCodec(MediaDescription m) {
        String wanted = m.kind() == MediaKind.AUDIO ? "opus" : m.kind() == MediaKind.VIDEO ? "vp8" : null;
        if (wanted == null) {
            return Optional.empty();
        }
        return m.allCodecs().stream().filter(c -> c.lowerName().equals(wanted)).findFirst();
    }

    private static Candidate hostCandidate(InetSocketAddress local) {
        return Candidate.host("1", "udp", HOST_PRIORITY, local.getAddress().getHostAddress(), local.getPort());
    }
}
