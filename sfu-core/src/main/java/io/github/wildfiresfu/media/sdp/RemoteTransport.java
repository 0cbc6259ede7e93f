package io.github.wildfiresfu.media.sdp;

import java.util.List;

/**
 * The peer's transport parameters read from its description, for the ICE and DTLS layers:
 * taken from the BUNDLE-tag m-line (media level first, then session level).
 *
 * @param iceUfrag the peer's ICE username fragment
 * @param icePwd the peer's ICE password
 * @param fingerprints the peer's certificate fingerprints (RFC 8122)
 * @param setup the peer's {@code a=setup}
 * @param candidates the peer's candidates so far (more may trickle)
 * @param endOfCandidates the peer said it has no more
 */
public record RemoteTransport(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, Setup setup,
        List<Candidate> candidates, boolean endOfCandidates) {

    public RemoteTransport {
        SdpSyntax.requireIceUfrag(iceUfrag);
        SdpSyntax.requireIcePwd(icePwd);
        fingerprints = List.copyOf(fingerprints);
        SdpSyntax.nonNull(setup, "setup");
        candidates = List.copyOf(candidates);
    }

    /** Reads the transport of one m-line of a description, or explains what is missing. */
    static RemoteTransport of(SessionDescription sd, MediaDescription m, String role) {
        String ufrag = sd.iceUfragFor(m).orElseThrow(() -> new SdpNegotiationException(role + " m-line "
                + label(m) + " has no a=ice-ufrag"));
        String pwd = sd.icePwdFor(m).orElseThrow(() -> new SdpNegotiationException(role + " m-line " + label(m)
                + " has no a=ice-pwd"));
        List<Fingerprint> fps = sd.fingerprintsFor(m);
        if (fps.isEmpty()) {
            throw new SdpNegotiationException(role + " m-line " + label(m) + " has no a=fingerprint (DTLS-SRTP needs one)");
        }
        // RFC 4145 §4: an endpoint that does not say is active.
        Setup setup = sd.setupFor(m).orElse(Setup.ACTIVE);
        return new RemoteTransport(ufrag, pwd, fps, setup, m.candidates(), m.endOfCandidates());
    }

    private static String label(MediaDescription m) {
        return m.mid() == null ? m.media() : "mid " + m.mid();
    }
}
