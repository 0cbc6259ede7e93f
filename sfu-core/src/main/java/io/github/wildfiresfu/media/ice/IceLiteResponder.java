package io.github.wildfiresfu.media.ice;

import io.github.wildfiresfu.media.rtp.DropCounters;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE-lite agent of one PeerConnection (RFC 8445 §2.5): it gathers only host candidates, sends no
 * checks of its own and is always the controlled agent; it answers the full agent's Binding requests,
 * takes the pair the peer nominates with USE-CANDIDATE, and tracks consent freshness (RFC 7675) from
 * the checks it keeps receiving.
 *
 * <p><b>Sans-I/O.</b> {@link #handle} takes one STUN datagram and the address it came from and returns
 * an {@link IceOutcome}; when the outcome {@linkplain IceOutcome#hasResponse() has a response}, the
 * bytes to send back to that address are in {@link #responseBuffer()} at {@link #responseOffset()}
 * (the caller's buffer when it passed one). It never touches a socket, thread or timer; time comes from
 * the injected monotonic clock, and timeouts are queries ({@link #isConsentExpired},
 * {@link #isFailed}, {@link #state}) the transport asks on its own timer.
 *
 * <p><b>Processing of a datagram</b> (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3; as mediasoup
 * {@code IceServer::ProcessStunPacket}):
 * <ol>
 *   <li>structure, magic cookie, FINGERPRINT if present: else dropped silently;</li>
 *   <li>responses are dropped; a Binding indication is a {@link IceOutcome#KEEPALIVE}; other methods
 *       are dropped (indications) or get 400 (requests);</li>
 *   <li>a request without FINGERPRINT, USERNAME or MESSAGE-INTEGRITY gets 400;</li>
 *   <li>USERNAME must be {@code <our ufrag>:<their ufrag>} (their part checked once known), and
 *       MESSAGE-INTEGRITY must match our ice-pwd: else 401, without MESSAGE-INTEGRITY;</li>
 *   <li>authenticated, a request with unknown comprehension-required attributes gets 420, one without
 *       PRIORITY gets 400, and one with ICE-CONTROLLED gets 487 (all with MESSAGE-INTEGRITY);</li>
 *   <li>otherwise the check is valid: consent for the sender's address is refreshed, USE-CANDIDATE
 *       nominates it, and the success response carries XOR-MAPPED-ADDRESS (the sender's address),
 *       MESSAGE-INTEGRITY (HMAC-SHA1 keyed with our ice-pwd) and FINGERPRINT.</li>
 * </ol>
 * Every refusal has a named {@link IceDropReason} and a counter in {@link #dropCounters()}.
 *
 * <p><b>ICE restart.</b> {@link #restart} installs new credentials; like mediasoup, checks with the old
 * ones keep being answered until the first valid check with the new ones, so consent does not lapse
 * while the peer applies the new description.
 *
 * <p>Lifecycle: created with the local credentials when the PeerConnection is set up; the remote
 * ufrag is set when the remote description arrives (checks may come earlier and are accepted then).
 * Not thread-safe: confined to the event loop of the transport's room. Steady-state consent checks
 * from a known address allocate nothing but the HMAC engine's internal temporaries.
 */
public final class IceLiteResponder {

    /** Room a caller-provided response buffer must have. */
    public static final int MAX_RESPONSE_LENGTH = 160;

    private static final byte[] REASON_400 = ascii("Bad Request");
    private static final byte[] REASON_401 = ascii("Unauthorized");
    private static final byte[] REASON_420 = ascii("Unknown Attribute");
    private static final byte[] REASON_487 = ascii("Role Conflict");

    private final IceLiteConfig config;
    private final LongSupplier nanoClock;
    private final long createdNanos;
    private final long consentTimeoutNanos;
    private final long failureTimeoutNanos;

    private IceCredentials local;
    private byte[] localUfrag;
    private final Mac mac;
    private IceCredentials oldLocal;
    private byte[] oldLocalUfrag;
    private final Mac oldMac;
    private String remoteUfrag;
    private byte[] remoteUfragBytes;
    private String remotePwd;

    private final CRC32 crc = new CRC32();
    private final StunMessage request = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] internalResponse = new byte[MAX_RESPONSE_LENGTH];
    private final int[] unknownScratch = new int[StunMessage.MAX_UNKNOWN];
    private byte[] responseBuffer = internalResponse;
    private int responseOffset;
    private int responseLength;

    private final DropCounters<IceDropReason> drops = new DropCounters<>(IceDropReason.class);
    private IceDropReason lastDropReason;
    private long checksAccepted;
    private long nominations;
    private long keepalives;

    // Remote addresses with a valid check, for consent freshness; address bytes cached for responses.
    private final InetSocketAddress[] remotes;
    private final byte[][] remoteAddressBytes;
    private final long[] lastValidNanos;
    private int remoteCount;
    private boolean everValid;
    private InetSocketAddress latestValid;
    private InetSocketAddress nominated;

    /**
     * @param local     our credentials, as advertised in the SDP
     * @param config    timeouts and policies
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} in production, a fake in
     *                  tests); read once when constructed and once per valid check
     */
    public IceLiteResponder(IceCredentials local, IceLiteConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.consentTimeoutNanos = config.consentTimeout().toNanos();
        this.failureTimeoutNanos = config.failureTimeout().toNanos();
        this.mac = newMac();
        this.oldMac = newMac();
        setLocal(local);
        int n = config.maxRemoteAddresses();
        this.remotes = new InetSocketAddress[n];
        this.remoteAddressBytes = new byte[n][];
        this.lastValidNanos = new long[n];
        this.createdNanos = nanoClock.getAsLong();
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }

    private static void key(Mac mac, String pwd) {
        try {
            // RFC 8489 §9.1.1: the short-term key is the OpaqueString-prepared password; ice-chars are
            // plain ASCII, which that profile leaves unchanged.
            mac.init(new SecretKeySpec(pwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key HmacSHA1", e);
        }
    }

    private void setLocal(IceCredentials credentials) {
        this.local = credentials;
        this.localUfrag = ascii(credentials.ufrag());
        key(mac, credentials.pwd());
    }

    /**
     * Sets the peer's ufrag (and pwd, kept for completeness: a lite agent never sends checks, so never
     * needs it) from its description. Until set, any remote part of USERNAME is accepted.
     */
    public void setRemoteCredentials(String ufrag, String pwd) {
        if (ufrag == null || ufrag.isEmpty()) {
            throw new IllegalArgumentException("remote ice-ufrag must not be empty");
        }
        this.remoteUfrag = ufrag;
        this.remoteUfragBytes = ufrag.getBytes(StandardCharsets.UTF_8);
        this.remotePwd = pwd;
    }

    /**
     * ICE restart: installs new local credentials and the peer's new ufrag/pwd (may be {@code null} if
     * not known yet). Checks with the previous local credentials stay accepted until the first valid
     * check with the new ones. Nomination, consent and counters are kept.
     */
    public void restart(IceCredentials newLocal, String newRemoteUfrag, String newRemotePwd) {
        this.oldLocal = local;
        this.oldLocalUfrag = localUfrag;
        key(oldMac, local.pwd());
        setLocal(newLocal);
        if (newRemoteUfrag != null) {
            setRemoteCredentials(newRemoteUfrag, newRemotePwd);
        } else {
            this.remoteUfrag = null;
            this.remoteUfragBytes = null;
            this.remotePwd = null;
        }
    }

    /** Handles a STUN datagram; a response goes into the responder's own buffer. */
    public IceOutcome handle(byte[] buf, int off, int len, InetSocketAddress from) {
        return handle(buf, off, len, from, internalResponse, 0);
    }

    /**
     * Handles a STUN datagram; a response is written to {@code out} at {@code outOff}, which must have
     * {@link #MAX_RESPONSE_LENGTH} bytes of room (the input buffer itself may be reused as output only at
     * a region that does not overlap the input).
     *
     * @param from the source address of the datagram: where the response goes, what XOR-MAPPED-ADDRESS
     *             reports, and the candidate a USE-CANDIDATE nominates
     */
    public IceOutcome handle(byte[] buf, int off, int len, InetSocketAddress from, byte[] out, int outOff) {
        if (outOff < 0 || out.length - outOff < MAX_RESPONSE_LENGTH) {
            throw new IllegalArgumentException("response buffer needs " + MAX_RESPONSE_LENGTH + " bytes at offset "
                    + outOff + ", has " + (out.length - Math.max(0, outOff)));
        }
        responseBuffer = out;
        responseOffset = outOff;
        responseLength = 0;
        lastDropReason = null;

        IceDropReason structural = request.wrap(buf, off, len);
        if (structural != null) {
            return drop(structural);
        }
        if (request.fingerprintOffset() >= 0 && !request.fingerprintMatches(crc)) {
            return drop(IceDropReason.BAD_FINGERPRINT);
        }
        int cls = request.messageClass();
        if (cls == StunMessage.CLASS_SUCCESS || cls == StunMessage.CLASS_ERROR) {
            return drop(IceDropReason.NOT_A_REQUEST);
        }
        boolean binding = request.method() == StunMessage.METHOD_BINDING;
        if (cls == StunMessage.CLASS_INDICATION) {
            if (!binding) {
                return drop(IceDropReason.UNSUPPORTED_METHOD);
            }
            keepalives++;
            return IceOutcome.KEEPALIVE;
        }
        if (!binding) {
            return error(IceDropReason.UNSUPPORTED_METHOD, 400, REASON_400, null);
        }
        if (request.fingerprintOffset() < 0 || request.usernameOffset() < 0 || request.integrityOffset() < 0) {
            return error(IceDropReason.BAD_REQUEST, 400, REASON_400, null);
        }

        Mac keyMac;
        boolean withOldCredentials = false;
        if (usernameMatches(localUfrag)) {
            keyMac = mac;
        } else if (oldLocalUfrag != null && usernameMatches(oldLocalUfrag)) {
            keyMac = oldMac;
            withOldCredentials = true;
        } else {
            return error(IceDropReason.BAD_USERNAME, 401, REASON_401, null);
        }
        if (!request.integrityMatches(keyMac)) {
            return error(IceDropReason.BAD_INTEGRITY, 401, REASON_401, null);
        }
        if (!withOldCredentials && oldLocal != null) {
            // The peer uses the new credentials: the old ones are done (mediasoup does the same).
            oldLocal = null;
            oldLocalUfrag = null;
        }
        if (request.unknownAttributeCount() > 0) {
            return error(IceDropReason.UNKNOWN_ATTRIBUTE, 420, REASON_420, keyMac);
        }
        if (!request.hasPriority()) {
            return error(IceDropReason.BAD_REQUEST, 400, REASON_400, keyMac);
        }
        if (request.hasIceControlled() && config.replyRoleConflict()) {
            // RFC 8445 §7.3.1.1 with a lite agent's role fixed to controlled (§6.1.1): we cannot switch
            // to controlling, so the peer must; 487 tells it to (§7.2.5.1).
            return error(IceDropReason.ROLE_CONFLICT, 487, REASON_487, keyMac);
        }

        long now = nanoClock.getAsLong();
        int slot = recordValidCheck(from, now);
        IceOutcome outcome = IceOutcome.SUCCESS_RESPONSE;
        checksAccepted++;
        if (request.useCandidate() && !from.equals(nominated)) {
            nominated = remotes[slot];
            nominations++;
            outcome = IceOutcome.NOMINATED;
        }
        byte[] address = remoteAddressBytes[slot];
        writer.start(out, outOff, MAX_RESPONSE_LENGTH, StunMessage.BINDING_SUCCESS, buf, request.transactionIdOffset())
                .addXorAddress(StunMessage.XOR_MAPPED_ADDRESS, address, 0, address.length, from.getPort())
                .addMessageIntegrity(keyMac)
                .addFingerprint(crc);
        responseLength = writer.length();
        return outcome;
    }

    private boolean usernameMatches(byte[] ufrag) {
        byte[] b = request.buffer();
        int p = request.usernameOffset();
        int n = request.usernameLength();
        int u = ufrag.length;
        if (n < u + 1 || b[p + u] != ':') {
            return false;
        }
        for (int i = 0; i < u; i++) {
            if (b[p + i] != ufrag[i]) {
                return false;
            }
        }
        if (remoteUfragBytes == null) {
            return true;
        }
        if (n - u - 1 != remoteUfragBytes.length) {
            return false;
        }
        for (int i = 0; i < remoteUfragBytes.length; i++) {
            if (b[p + u + 1 + i] != remoteUfragBytes[i]) {
                return false;
            }
        }
        return true;
    }

    private int recordValidCheck(InetSocketAddress from, long now) {
        everValid = true;
        latestValid = from;
        for (int i = 0; i < remoteCount; i++) {
            if (remotes[i].equals(from)) {
                lastValidNanos[i] = now;
                latestValid = remotes[i];
                return i;
            }
        }
        int slot;
        if (remoteCount < remotes.length) {
            slot = remoteCount++;
        } else {
            // Forget the remote address checked least recently, never the nominated one.
            slot = -1;
            for (int i = 0; i < remoteCount; i++) {
                if (remotes[i].equals(nominated)) {
                    continue;
                }
                if (slot < 0 || lastValidNanos[i] - lastValidNanos[slot] < 0) {
                    slot = i;
                }
            }
            if (slot < 0) {
                slot = 0;
            }
        }
        remotes[slot] = from;
        remoteAddressBytes[slot] = from.getAddress().getAddress();
        lastValidNanos[slot] = now;
        return slot;
    }

    private IceOutcome drop(IceDropReason reason) {
        lastDropReason = reason;
        drops.increment(reason);
        return IceOutcome.DROPPED;
    }

    private IceOutcome error(IceDropReason reason, int code, byte[] phrase, Mac integrityKey) {
        lastDropReason = reason;
        drops.increment(reason);
        writer.start(responseBuffer, responseOffset, MAX_RESPONSE_LENGTH, errorType(request.method()),
                request.buffer(), request.transactionIdOffset());
        writer.addErrorCode(code, phrase);
        if (code == 420) {
            writer.addUnknownAttributes(unknownTypes(), request.unknownAttributeCount());
        }
        if (integrityKey != null) {
            writer.addMessageIntegrity(integrityKey);
        }
        writer.addFingerprint(crc);
        responseLength = writer.length();
        return IceOutcome.ERROR_RESPONSE;
    }

    private int[] unknownTypes() {
        for (int i = 0; i < request.unknownAttributeCount(); i++) {
            unknownScratch[i] = request.unknownAttribute(i);
        }
        return unknownScratch;
    }

    /** The error response type for a request {@code method} (class bits 11, RFC 8489 §5). */
    private static int errorType(int method) {
        return ((method & 0xF80) << 2) | ((method & 0x070) << 1) | (method & 0x00F) | 0x0110;
    }

    /** The buffer holding the last response (the internal one or the caller's). */
    public byte[] responseBuffer() {
        return responseBuffer;
    }

    /** Offset of the last response in {@link #responseBuffer()}. */
    public int responseOffset() {
        return responseOffset;
    }

    /** Length of the last response, 0 when the last outcome had none. */
    public int responseLength() {
        return responseLength;
    }

    /** Why the last datagram was refused, or {@code null} if it was accepted. */
    public IceDropReason lastDropReason() {
        return lastDropReason;
    }

    /** Drop counters by reason. */
    public DropCounters<IceDropReason> dropCounters() {
        return drops;
    }

    /** Valid checks answered with success. */
    public long checksAccepted() {
        return checksAccepted;
    }

    /** How many times USE-CANDIDATE nominated a new remote address. */
    public long nominations() {
        return nominations;
    }

    /** Binding indications received. */
    public long keepalives() {
        return keepalives;
    }

    /** Our current credentials. */
    public IceCredentials localCredentials() {
        return local;
    }

    /** The peer's ufrag, or {@code null} until known. */
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /** The peer's pwd, or {@code null} until known. */
    public String remotePwd() {
        return remotePwd;
    }

    /** The remote address the peer nominated with USE-CANDIDATE, or {@code null}. */
    public InetSocketAddress nominatedAddress() {
        return nominated;
    }

    /**
     * Where media should go: the nominated address, or before nomination the address of the latest
     * valid check (as mediasoup's "connected" state selects a tuple), or {@code null} before any.
     */
    public InetSocketAddress selectedAddress() {
        return nominated != null ? nominated : latestValid;
    }

    /**
     * Whether {@code address} sent a valid check that is still tracked: only such addresses should be
     * accepted as sources of DTLS and media (RFC 8445 §7.3.1.4 valid pairs).
     */
    public boolean isValidatedRemote(InetSocketAddress address) {
        return slotOf(address) >= 0;
    }

    /** Monotonic time of the last valid check from {@code address}, or {@code Long.MIN_VALUE} if none. */
    public long lastValidCheckNanos(InetSocketAddress address) {
        int slot = slotOf(address);
        return slot < 0 ? Long.MIN_VALUE : lastValidNanos[slot];
    }

    private int slotOf(InetSocketAddress address) {
        for (int i = 0; i < remoteCount; i++) {
            if (remotes[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether consent on the selected pair expired at {@code nowNanos}: no valid check from
     * {@link #selectedAddress()} for the consent timeout (RFC 7675 §5.1). False before any valid check
     * (that case is {@link #isFailed}).
     */
    public boolean isConsentExpired(long nowNanos) {
        InetSocketAddress selected = selectedAddress();
        if (selected == null) {
            return false;
        }
        return nowNanos - lastValidCheckNanos(selected) >= consentTimeoutNanos;
    }

    /** Whether no valid check arrived within the failure timeout after construction. */
    public boolean isFailed(long nowNanos) {
        return !everValid && nowNanos - createdNanos >= failureTimeoutNanos;
    }

    /** The state at {@code nowNanos}. */
    public IceLiteState state(long nowNanos) {
        if (!everValid) {
            return isFailed(nowNanos) ? IceLiteState.FAILED : IceLiteState.NEW;
        }
        if (isConsentExpired(nowNanos)) {
            return IceLiteState.DISCONNECTED;
        }
        return nominated != null ? IceLiteState.COMPLETED : IceLiteState.CONNECTED;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
