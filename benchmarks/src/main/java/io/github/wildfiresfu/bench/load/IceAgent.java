package io.github.wildfiresfu.bench.load;

import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.ice.IceDropReason;
import io.github.wildfiresfu.media.ice.StunMessage;
import io.github.wildfiresfu.media.ice.StunMessageWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE side of one load-generator PeerConnection: a full agent (RFC 8445) with one local host
 * candidate, as a browser is. Sans-I/O: STUN messages go out through {@link Output} and come in
 * through {@link #onStun}; time is passed in.
 *
 * <p>What it does, and why each part is needed against the two servers it meets:
 * <ul>
 *   <li><b>Connectivity checks</b> to every remote UDP candidate (from the SDP, from trickle, or
 *       learnt as peer-reflexive from the server's own checks, §7.3.1.3) every
 *       {@link #CHECK_INTERVAL_NANOS} until one succeeds: Binding requests with USERNAME
 *       {@code remote:local}, PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED with our tie-breaker,
 *       MESSAGE-INTEGRITY keyed by the remote ice-pwd and FINGERPRINT (§7.1.1, RFC 8489 §14).</li>
 *   <li><b>Nomination.</b> As the controlling agent (the offerer, or facing an ICE-lite server:
 *       §6.1.1) every check carries USE-CANDIDATE (aggressive nomination, which ICE-lite servers
 *       and libnice both accept); the first pair whose check succeeds is selected. As the
 *       controlled agent (answering a full agent's offer, e.g. Janus's subscriber offer) the pair
 *       is selected once the server nominated it and a check on it succeeded (§7.3.1.5).</li>
 *   <li><b>Answering the server's checks</b> (Janus is a full agent and checks us): requests
 *       whose USERNAME starts with our ufrag and whose MESSAGE-INTEGRITY verifies with our
 *       ice-pwd get a success response with XOR-MAPPED-ADDRESS; others are dropped and counted.
 *       Role conflicts are resolved by the tie-breaker (§7.3.1.1: a 487 response, or switching
 *       role), and a 487 answer to our own check switches our role (§7.2.5.1).</li>
 *   <li><b>Consent freshness</b> (RFC 7675): once selected, a check every
 *       {@link #CONSENT_INTERVAL_NANOS} to the selected address, because servers expire
 *       PeerConnections without it.</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the PeerConnection's event loop. Allocates per STUN message
 * (a few per second per peer), never per media packet.
 */
final class IceAgent {

    /** Where STUN messages go; {@code buf} is valid only during the call. */
    interface Output {
        void sendStun(byte[] buf, int off, int len, InetSocketAddress to);
    }

    /** How often an unanswered remote candidate is checked again (RFC 8445 §14.2 paces at 50 ms). */
    static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    /**
     * Least time between two checks on one pair, triggered ones included: a peer that keeps
     * checking a pair that never becomes valid must not make us answer each check with another.
     */
    static final long MIN_CHECK_GAP_NANOS = 10_000_000L;
    /** Consent checks on the selected pair (RFC 7675 §5.1 asks for 4-6 s; servers expire at 30 s). */
    static final long CONSENT_INTERVAL_NANOS = 2_000_000_000L;
    /** Outstanding transactions older than this are forgotten (a check's answer will not come). */
    private static final long TRANSACTION_LIFETIME_NANOS = 5_000_000_000L;
    /** Remote candidates kept per agent (a server advertises a handful). */
    private static final int MAX_REMOTE_CANDIDATES = 16;
    /** Priority of the peer-reflexive candidate we would be (RFC 8445 §5.1.2.1, type preference 110). */
    private static final long PRFLX_PRIORITY = (110L << 24) | (65535L << 8) | 255L;
    private static final int ROLE_CONFLICT = 487;
    private static final byte[] ROLE_CONFLICT_REASON = "Role Conflict".getBytes(StandardCharsets.US_ASCII);

    /** One remote candidate and the state of our pair with it. */
    private static final class Pair {
        final InetSocketAddress remote;
        long lastCheckNanos = Long.MIN_VALUE / 2;
        boolean valid;
        boolean nominatedByPeer;

        Pair(InetSocketAddress remote) {
            this.remote = remote;
        }
    }

    /** A check we sent and wait an answer for. */
    private record Transaction(byte[] id, Pair pair, boolean useCandidate, boolean sentControlling, long sentNanos) {
    }

    private final IceCredentials local;
    private final Output output;
    private final long tieBreaker;
    private final SplittableRandom random;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Transaction> outstanding = new ArrayList<>();
    private final StunMessage reader = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] out = new byte[512];
    private final byte[] txid = new byte[12];
    private final CRC32 crc = new CRC32();
    private final Mac localMac;
    private Mac remoteMac;
    private byte[] checkUsername;
    private final byte[] localUfragPrefix;
    private boolean controlling;
    private Pair selected;
    private long lastConsentNanos;
    private long droppedMessages;
    private long roleSwitches;
    private long checksSent;
    private long checksAnswered;
    private long successes;
    private long errors;

    /**
     * @param local       our ufrag and pwd (in the SDP we send)
     * @param controlling the initial role (RFC 8445 §6.1.1); may change on a role conflict
     * @param seed        seeds the tie-breaker and transaction ids
     */
    IceAgent(IceCredentials local, boolean controlling, long seed, Output output) {
        this.local = local;
        this.controlling = controlling;
        this.output = output;
        this.random = new SplittableRandom(seed);
        this.tieBreaker = random.nextLong();
        this.localMac = hmac(local.pwd());
        this.localUfragPrefix = (local.ufrag() + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** The server's ICE credentials (from its SDP); checks start with the next {@link #tick}. */
    void setRemoteCredentials(String ufrag, String pwd) {
        this.remoteMac = hmac(pwd);
        this.checkUsername = (ufrag + ":" + local.ufrag()).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds a remote candidate address (IPv4/IPv6 UDP; duplicates are ignored). */
    void addRemoteCandidate(InetSocketAddress remote) {
        pairFor(remote);
    }

    /** The selected remote address, or {@code null} before ICE completes. */
    InetSocketAddress selectedAddress() {
        return selected == null ? null : selected.remote;
    }

    boolean isControlling() {
        return controlling;
    }

    /** STUN messages dropped: malformed, not for us, failed integrity, or unmatched responses. */
    long droppedMessages() {
        return droppedMessages;
    }

    long roleSwitches() {
        return roleSwitches;
    }

    long checksSent() {
        return checksSent;
    }

    long checksAnswered() {
        return checksAnswered;
    }

    /** What ICE did so far, for a setup failure's message. */
    String describe() {
        StringBuilder sb = new StringBuilder(controlling ? "controlling" : "controlled");
        sb.append(", checks sent ").append(checksSent).append(", success responses ").append(successes)
                .append(", error responses ").append(errors).append(", server checks answered ").append(checksAnswered)
                .append(", STUN dropped ").append(droppedMessages).append(", pairs");
        for (Pair p : pairs) {
            sb.append(' ').append(p.remote).append(p.valid ? " valid" : "").append(p.nominatedByPeer ? " nominated" : "");
        }
        return sb.append(selected == null ? ", none selected" : ", selected " + selected.remote).toString();
    }

    /** Sends the checks that are due at {@code now}: retransmissions before selection, consent after. */
    void tick(long now) {
        if (remoteMac == null) {
            return;
        }
        expireTransactions(now);
        if (selected != null) {
            if (now - lastConsentNanos >= CONSENT_INTERVAL_NANOS) {
                lastConsentNanos = now;
                sendCheck(selected, false, now);
            }
            return;
        }
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            if (now - p.lastCheckNanos >= CHECK_INTERVAL_NANOS) {
                sendCheck(p, controlling, now);
            }
        }
    }

    /** Handles one STUN message from {@code from}. */
    void onStun(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        IceDropReason malformed = reader.wrap(buf, off, len);
        if (malformed != null || !reader.fingerprintMatches(crc) || reader.method() != StunMessage.METHOD_BINDING) {
            droppedMessages++;
            return;
        }
        switch (reader.messageClass()) {
            case StunMessage.CLASS_REQUEST -> onRequest(from, now);
            case StunMessage.CLASS_SUCCESS, StunMessage.CLASS_ERROR -> onResponse(from, now);
            default -> {
                // Binding indications are keepalives (RFC 8445 §11); nothing to do.
            }
        }
    }

    private void onRequest(InetSocketAddress from, long now) {
        if (!usernameStartsWithOurUfrag() || !reader.integrityMatches(localMac)) {
            droppedMessages++;
            return;
        }
        // RFC 8445 §7.3.1.1: repair a role conflict before anything else.
        if (controlling && reader.hasIceControlling()) {
            if (Long.compareUnsigned(tieBreaker, reader.iceControlling()) >= 0) {
                respond(from, ROLE_CONFLICT);
                return;
            }
            switchRole();
        } else if (!controlling && reader.hasIceControlled()) {
            if (Long.compareUnsigned(tieBreaker, reader.iceControlled()) >= 0) {
                switchRole();
            } else {
                respond(from, ROLE_CONFLICT);
                return;
            }
        }
        respond(from, 0);
        checksAnswered++;
        Pair pair = pairFor(from);
        if (pair == null) {
            return;
        }
        if (!controlling && reader.useCandidate()) {
            pair.nominatedByPeer = true;
        }
        if (pair.valid) {
            maybeSelect(pair, now);
        } else if (remoteMac != null && now - pair.lastCheckNanos >= MIN_CHECK_GAP_NANOS) {
            // A triggered check (§7.3.1.4), so the pair the server just used becomes valid quickly.
            sendCheck(pair, controlling, now);
        }
    }

    private void onResponse(InetSocketAddress from, long now) {
        Transaction t = takeTransaction();
        if (t == null || remoteMac == null || !reader.integrityMatches(remoteMac)) {
            droppedMessages++;
            return;
        }
        if (reader.messageClass() == StunMessage.CLASS_ERROR) {
            errors++;
            if (reader.errorCode() == ROLE_CONFLICT && t.sentControlling == controlling) {
                // §7.2.5.1: the role we used was wrong; switch and check again at once.
                switchRole();
                sendCheck(t.pair, controlling, now);
            }
            return;
        }
        // §7.2.5.2.1: the response must come from where the request went (symmetric addresses).
        if (!t.pair.remote.equals(from)) {
            droppedMessages++;
            return;
        }
        successes++;
        t.pair.valid = true;
        if (t.useCandidate && controlling) {
            select(t.pair, now);
        } else {
            maybeSelect(t.pair, now);
        }
    }

    private void maybeSelect(Pair pair, long now) {
        if (selected == null && !controlling && pair.nominatedByPeer && pair.valid) {
            select(pair, now);
        }
    }

    private void select(Pair pair, long now) {
        if (selected == null) {
            selected = pair;
            lastConsentNanos = now;
        }
    }

    private void switchRole() {
        controlling = !controlling;
        roleSwitches++;
    }

    private Pair pairFor(InetSocketAddress remote) {
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).remote.equals(remote)) {
                return pairs.get(i);
            }
        }
        if (pairs.size() >= MAX_REMOTE_CANDIDATES) {
            return null;
        }
        Pair p = new Pair(remote);
        pairs.add(p);
        return p;
    }

    private void sendCheck(Pair pair, boolean useCandidate, long now) {
        for (int i = 0; i < txid.length; i++) {
            txid[i] = (byte) random.nextInt(256);
        }
        writer.start(out, 0, out.length, StunMessage.BINDING_REQUEST, txid, 0)
                .addBytes(StunMessage.USERNAME, checkUsername, 0, checkUsername.length)
                .addUInt32(StunMessage.PRIORITY, PRFLX_PRIORITY)
                .addUInt64(controlling ? StunMessage.ICE_CONTROLLING : StunMessage.ICE_CONTROLLED, tieBreaker);
        if (useCandidate) {
            writer.addEmpty(StunMessage.USE_CANDIDATE);
        }
        writer.addMessageIntegrity(remoteMac).addFingerprint(crc);
        outstanding.add(new Transaction(txid.clone(), pair, useCandidate, controlling, now));
        pair.lastCheckNanos = now;
        checksSent++;
        output.sendStun(out, 0, writer.length(), pair.remote);
    }

    private void respond(InetSocketAddress to, int errorCode) {
        byte[] tx = reader.buffer();
        int txOff = reader.transactionIdOffset();
        writer.start(out, 0, out.length, errorCode == 0 ? StunMessage.BINDING_SUCCESS : StunMessage.BINDING_ERROR,
                tx, txOff);
        if (errorCode == 0) {
            byte[] address = to.getAddress().getAddress();
            writer.addXorAddress(StunMessage.XOR_MAPPED_ADDRESS, address, 0, address.length, to.getPort());
        } else {
            writer.addErrorCode(errorCode, ROLE_CONFLICT_REASON);
        }
        writer.addMessageIntegrity(localMac).addFingerprint(crc);
        output.sendStun(out, 0, writer.length(), to);
    }

    private boolean usernameStartsWithOurUfrag() {
        int at = reader.usernameOffset();
        if (at < 0 || reader.usernameLength() <= localUfragPrefix.length) {
            return false;
        }
        return Arrays.equals(reader.buffer(), at, at + localUfragPrefix.length, localUfragPrefix, 0,
                localUfragPrefix.length);
    }

    private Transaction takeTransaction() {
        byte[] buf = reader.buffer();
        int at = reader.transactionIdOffset();
        for (int i = 0; i < outstanding.size(); i++) {
            Transaction t = outstanding.get(i);
            if (Arrays.equals(t.id, 0, 12, buf, at, at + 12)) {
                outstanding.remove(i);
                return t;
            }
        }
        return null;
    }

    private void expireTransactions(long now) {
        outstanding.removeIf(t -> now - t.sentNanos > TRANSACTION_LIFETIME_NANOS);
    }

    private static Mac hmac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JDK", e);
        }
    }
}
