package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * What our side of one PeerConnection puts into SDP: ICE credentials, the DTLS certificate
 * fingerprint(s) and our (ice-lite, so complete) candidate list.
 */
public record LocalTransport(String iceUfrag, String icePwd, List<Fingerprint> fingerprints,
        List<Candidate> candidates) {

    public LocalTransport {
        SdpSyntax.requireIceUfrag(iceUfrag);
        SdpSyntax.requireIcePwd(icePwd);
        fingerprints = List.copyOf(fingerprints);
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("a local transport needs a DTLS fingerprint");
        }
        candidates = List.copyOf(candidates);
    }

    /**
     * The candidate whose address goes on the BUNDLE-tag m-line's {@code c=} and port (JSEP §5.3.1
     * uses the default candidate): the first UDP candidate, else the first one; empty if none.
     */
    java.util.Optional<Candidate> defaultCandidate() {
        return candidates.stream().filter(c -> "udp".equalsIgnoreCase(c.transport())).findFirst()
                .or(() -> candidates.stream().findFirst());
    }
}
