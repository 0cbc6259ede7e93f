package io.github.wildfiresfu.media.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ICE-lite responder against requests encoded by ice4j (an independent STUN implementation),
 * with its responses decoded and verified by ice4j, plus the RFC 5769 sample request.
 */
class IceLiteResponderTest {

    private static final IceCredentials LOCAL = new IceCredentials("LiTe", "SeCrEtPaSsWoRd0123456789");
    private static final String REMOTE_UFRAG = "fuLL";
    private static final String USERNAME = LOCAL.ufrag() + ":" + REMOTE_UFRAG;

    private final FakeClock clock = new FakeClock();
    private final Ice4jPeer peer = new Ice4jPeer(LOCAL.pwd());
    private final InetSocketAddress v4 = address("192.0.2.7", 50_000);
    private final InetSocketAddress v6 = address("2001:db8::7", 50_001);

    private IceLiteResponder responder = new IceLiteResponder(LOCAL, IceLiteConfig.DEFAULT, clock);

    @AfterEach
    void closePeer() {
        peer.close();
    }

    static final class FakeClock implements java.util.function.LongSupplier {
        long nanos = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(long amount, TimeUnit unit) {
            nanos += unit.toNanos(amount);
        }
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private IceOutcome send(byte[] request, InetSocketAddress from) {
        return responder.handle(request, 0, request.length, from);
    }

    private byte[] response() {
        return Arrays.copyOfRange(responder.responseBuffer(), responder.responseOffset(),
                responder.responseOffset() + responder.responseLength());
    }

    /** Decodes our response with ice4j (which checks FINGERPRINT) and checks integrity with ice4j too. */
    private Message decodeVerified(byte[] raw, boolean expectIntegrity) throws Exception {
        Message m = Ice4jPeer.decode(raw, 0, raw.length);
        assertThat(Ice4jPeer.fingerprintValid(m, raw, 0)).as("FINGERPRINT").isTrue();
        assertThat(m.containsAttribute(Attribute.MESSAGE_INTEGRITY)).isEqualTo(expectIntegrity);
        if (expectIntegrity) {
            assertThat(Ice4jPeer.integrityValid(m, raw, 0, LOCAL.pwd())).as("MESSAGE-INTEGRITY").isTrue();
            assertThat(Ice4jPeer.integrityValid(m, raw, 0, "not-the-password-at-all")).isFalse();
        }
        return m;
    }

    @Test
    void answersAValidCheckWithAVerifiableSuccessResponse() throws Exception {
        Ice4jPeer.Options o = Ice4jPeer.request(USERNAME);
        byte[] request = peer.encode(o);
        assertThat(send(request, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(responder.lastDropReason()).isNull();
        byte[] raw = response();
        Message m = decodeVerified(raw, true);
        assertThat((int) m.getMessageType()).isEqualTo(Message.BINDING_SUCCESS_RESPONSE);
        assertThat(m.getTransactionID()).isEqualTo(o.transactionId);
        XorMappedAddressAttribute xma = (XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        TransportAddress mapped = xma.getAddress(m.getTransactionID());
        assertThat(mapped.getAddress()).isEqualTo(v4.getAddress());
        assertThat(mapped.getPort()).isEqualTo(v4.getPort());
        assertThat(responder.checksAccepted()).isEqualTo(1);
        assertThat(responder.selectedAddress()).isEqualTo(v4);
        assertThat(responder.nominatedAddress()).isNull();
        assertThat(responder.isValidatedRemote(v4)).isTrue();
        assertThat(responder.isValidatedRemote(v6)).isFalse();
        assertThat(responder.state(clock.nanos)).isEqualTo(IceLiteState.CONNECTED);
    }

    @Test
    void mapsIpv6SourceAddresses() throws Exception {
        byte[] request = peer.encode(Ice4jPeer.request(USERNAME));
        assertThat(send(request, v6)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        Message m = decodeVerified(response(), true);
        XorMappedAddressAttribute xma = (XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        TransportAddress mapped = xma.getAddress(m.getTransactionID());
        assertThat(mapped.getAddress()).isEqualTo(v6.getAddress());
        assertThat(mapped.getPort()).isEqualTo(50_001);
        // Our own reader agrees.
        StunMessage ours = new StunMessage();
        byte[] raw = response();
        assertThat(ours.wrap(raw, 0, raw.length)).isNull();
        assertThat(ours.xorMappedAddress()).isEqualTo(v6);
    }

    @Test
    void useCandidateNominatesAndRepeatsAreNoNews() throws Exception {
        byte[] nominate = peer.encode(Ice4jPeer.request(USERNAME).useCandidate());
        assertThat(send(nominate, v4)).isEqualTo(IceOutcome.NOMINATED);
        assertThat(responder.nominatedAddress()).isEqualTo(v4);
        decodeVerified(response(), true);
        assertThat(send(nominate, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(responder.nominations()).isEqualTo(1);
        assertThat(responder.state(clock.nanos)).isEqualTo(IceLiteState.COMPLETED);
        // A check without USE-CANDIDATE from elsewhere does not move the selection after nomination.
        assertThat(send(peer.encode(Ice4jPeer.request(USERNAME)), v6)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(responder.selectedAddress()).isEqualTo(v4);
        // The peer nominates another pair (e.g. after a network change).
        assertThat(send(nominate, v6)).isEqualTo(IceOutcome.NOMINATED);
        assertThat(responder.selectedAddress()).isEqualTo(v6);
        assertThat(responder.nominations()).isEqualTo(2);
    }

    @Test
    void badUsernameGets401WithoutIntegrity() throws Exception {
        for (String username : new String[] {"WRONG:" + REMOTE_UFRAG, LOCAL.ufrag() + "x:" + REMOTE_UFRAG,
                LOCAL.ufrag(), "LiT:" + REMOTE_UFRAG}) {
            byte[] request = peer.encode(Ice4jPeer.request(username));
            assertThat(send(request, v4)).as(username).isEqualTo(IceOutcome.ERROR_RESPONSE);
            assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_USERNAME);
            Message m = decodeVerified(response(), false);
            assertThat((int) m.getMessageType()).isEqualTo(Message.BINDING_ERROR_RESPONSE);
            assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(401);
        }
        assertThat(responder.dropCounters().get(IceDropReason.BAD_USERNAME)).isEqualTo(4);
        assertThat(responder.selectedAddress()).isNull();
        assertThat(responder.isValidatedRemote(v4)).isFalse();
    }

    @Test
    void remoteUfragIsCheckedOnceKnown() throws Exception {
        byte[] other = peer.encode(Ice4jPeer.request(LOCAL.ufrag() + ":someoneElse"));
        assertThat(send(other, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        responder.setRemoteCredentials(REMOTE_UFRAG, "remotePasswordRemotePassword");
        assertThat(send(other, v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_USERNAME);
        assertThat(send(peer.encode(Ice4jPeer.request(USERNAME)), v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(responder.remoteUfrag()).isEqualTo(REMOTE_UFRAG);
        assertThat(responder.remotePwd()).isEqualTo("remotePasswordRemotePassword");
    }

    @Test
    void wrongPasswordGets401() throws Exception {
        try (Ice4jPeer wrong = new Ice4jPeer("AnotherPasswordOf24Chars")) {
            byte[] request = wrong.encode(Ice4jPeer.request(USERNAME));
            assertThat(send(request, v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        }
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_INTEGRITY);
        Message m = decodeVerified(response(), false);
        assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(401);
        assertThat(responder.isValidatedRemote(v4)).isFalse();
    }

    @Test
    void missingMandatoryAttributesGet400() throws Exception {
        check400(Ice4jPeer.request(USERNAME).noIntegrity(), false);
        check400(Ice4jPeer.request(USERNAME).noFingerprint(), false);
        check400(Ice4jPeer.request(null).noIntegrity(), false);
        // Without PRIORITY the request is authenticated first, so the 400 carries MESSAGE-INTEGRITY.
        check400(Ice4jPeer.request(USERNAME).noPriority(), true);
        assertThat(responder.dropCounters().get(IceDropReason.BAD_REQUEST)).isEqualTo(4);
    }

    private void check400(Ice4jPeer.Options o, boolean withIntegrity) throws Exception {
        assertThat(send(peer.encode(o), v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_REQUEST);
        Message m = decodeVerified(response(), withIntegrity);
        assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(400);
        assertThat(m.getTransactionID()).isEqualTo(o.transactionId);
    }

    @Test
    void iceControlledGets487RoleConflictByDefault() throws Exception {
        byte[] request = peer.encode(Ice4jPeer.request(USERNAME).controlled());
        assertThat(send(request, v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.ROLE_CONFLICT);
        Message m = decodeVerified(response(), true);
        assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(487);
        assertThat(responder.isValidatedRemote(v4)).isFalse();
        // ICE-CONTROLLING or no control attribute at all are fine for the controlled lite agent.
        assertThat(send(peer.encode(Ice4jPeer.request(USERNAME)), v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(send(peer.encode(Ice4jPeer.request(USERNAME).noControlAttribute()), v4))
                .isEqualTo(IceOutcome.SUCCESS_RESPONSE);
    }

    @Test
    void iceControlledIsAcceptedWhenConfigured() throws Exception {
        responder = new IceLiteResponder(LOCAL, new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(30),
                false, 8), clock);
        byte[] request = peer.encode(Ice4jPeer.request(USERNAME).controlled().useCandidate());
        assertThat(send(request, v4)).isEqualTo(IceOutcome.NOMINATED);
        decodeVerified(response(), true);
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420() throws Exception {
        StunMessageWriter w = new StunMessageWriter();
        byte[] b = new byte[200];
        byte[] user = USERNAME.getBytes();
        byte[] txid = HexFormat.of().parseHex("0102030405060708090a0b0c");
        w.start(b, 0, b.length, StunMessage.BINDING_REQUEST, txid, 0)
                .addBytes(StunMessage.USERNAME, user, 0, user.length)
                .addUInt32(StunMessage.PRIORITY, 1)
                .addUInt32(0x0003, 0)
                .addUInt32(0x7FFF, 0)
                .addUInt32(0xC057, 0)
                .addMessageIntegrity(StunMessageTest.mac(LOCAL.pwd()))
                .addFingerprint(new CRC32());
        assertThat(responder.handle(b, 0, w.length(), v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.UNKNOWN_ATTRIBUTE);
        Message m = decodeVerified(response(), true);
        assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(420);
        UnknownAttributesAttribute unknown = (UnknownAttributesAttribute) m.getAttribute(Attribute.UNKNOWN_ATTRIBUTES);
        assertThat(unknown.getAttributeCount()).isEqualTo(2);
        assertThat(unknown.contains((char) 0x0003)).isTrue();
        assertThat(unknown.contains((char) 0x7FFF)).isTrue();
    }

    @Test
    void verifiesTheRfc5769SampleRequest() {
        // The RFC's sample is a check from "h6vY" to "evtj" keyed with the password; it carries ICE-CONTROLLED.
        IceCredentials evtj = new IceCredentials("evtj", StunTestVectors.PASSWORD);
        responder = new IceLiteResponder(evtj, IceLiteConfig.DEFAULT, clock);
        responder.setRemoteCredentials("h6vY", null);
        byte[] sample = StunTestVectors.sampleRequest();
        assertThat(send(sample, v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.ROLE_CONFLICT);
        responder = new IceLiteResponder(evtj, new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(30),
                false, 8), clock);
        assertThat(send(sample, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        StunMessage response = new StunMessage();
        byte[] raw = response();
        assertThat(response.wrap(raw, 0, raw.length)).isNull();
        assertThat(Arrays.copyOfRange(raw, 8, 20)).isEqualTo(Arrays.copyOfRange(sample, 8, 20));
        assertThat(response.xorMappedAddress()).isEqualTo(v4);
    }

    @Test
    void bindingIndicationIsAKeepaliveWithoutAnswer() {
        byte[] b = new byte[28];
        StunMessageWriter w = new StunMessageWriter();
        w.start(b, 0, b.length, StunMessage.BINDING_INDICATION, new byte[12], 0).addFingerprint(new CRC32());
        assertThat(responder.handle(b, 0, w.length(), v4)).isEqualTo(IceOutcome.KEEPALIVE);
        assertThat(responder.responseLength()).isZero();
        assertThat(responder.keepalives()).isEqualTo(1);
        assertThat(responder.dropCounters().total()).isZero();
        // A keepalive does not validate the address or refresh consent.
        assertThat(responder.isValidatedRemote(v4)).isFalse();
    }

    @Test
    void responsesAndOtherMethodsAreRefused() {
        byte[] sampleResponse = StunTestVectors.ipv4Response();
        assertThat(send(sampleResponse, v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.NOT_A_REQUEST);
        assertThat(responder.responseLength()).isZero();
        byte[] b = new byte[28];
        StunMessageWriter w = new StunMessageWriter();
        // An Allocate request (method 3): we are no TURN server.
        w.start(b, 0, b.length, 0x0003, new byte[12], 0).addFingerprint(new CRC32());
        assertThat(responder.handle(b, 0, w.length(), v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.UNSUPPORTED_METHOD);
        StunMessage error = new StunMessage();
        byte[] raw = response();
        assertThat(error.wrap(raw, 0, raw.length)).isNull();
        assertThat(error.messageType()).isEqualTo(0x0113);
        assertThat(error.errorCode()).isEqualTo(400);
        // A Send indication (method 6) is dropped without answer.
        w.start(b, 0, b.length, 0x0016, new byte[12], 0).addFingerprint(new CRC32());
        assertThat(responder.handle(b, 0, w.length(), v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.UNSUPPORTED_METHOD);
    }

    @Test
    void brokenDatagramsAreNamedDropsNeverExceptions() throws Exception {
        byte[] good = peer.encode(Ice4jPeer.request(USERNAME).useCandidate());
        // Every truncation.
        for (int len = 0; len < good.length; len++) {
            assertThat(responder.handle(good, 0, len, v4)).as("length %d", len).isEqualTo(IceOutcome.DROPPED);
            assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.MALFORMED);
        }
        byte[] cookie = good.clone();
        cookie[5] ^= 0x10;
        assertThat(send(cookie, v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_MAGIC_COOKIE);
        byte[] huge = good.clone();
        huge[22] = (byte) 0xFF;
        huge[23] = (byte) 0xF0;
        assertThat(send(huge, v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.MALFORMED);
        byte[] fingerprint = good.clone();
        fingerprint[fingerprint.length - 1] ^= 0x01;
        assertThat(send(fingerprint, v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_FINGERPRINT);
        // A bit flipped in the body breaks the fingerprint before the integrity is even looked at.
        byte[] body = good.clone();
        body[25] ^= 0x40; // Inside the PRIORITY value.
        assertThat(send(body, v4)).isEqualTo(IceOutcome.DROPPED);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_FINGERPRINT);
        assertThat(responder.nominatedAddress()).isNull();
        assertThat(responder.dropCounters().get(IceDropReason.MALFORMED)).isEqualTo(good.length + 1);
    }

    @Test
    void randomBytesNeverThrow() throws Exception {
        Random random = new Random(8445);
        byte[] good = peer.encode(Ice4jPeer.request(USERNAME));
        byte[] b = new byte[good.length];
        for (int i = 0; i < 20_000; i++) {
            System.arraycopy(good, 0, b, 0, good.length);
            for (int k = random.nextInt(4); k >= 0; k--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            IceOutcome outcome = responder.handle(b, 0, random.nextInt(b.length + 1), v4);
            assertThat(outcome.hasResponse()).isEqualTo(responder.responseLength() > 0);
        }
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastValidCheck() throws Exception {
        byte[] check = peer.encode(Ice4jPeer.request(USERNAME).useCandidate());
        assertThat(responder.isConsentExpired(clock.nanos)).isFalse();
        clock.advance(2, TimeUnit.SECONDS);
        send(check, v4);
        long checkedAt = clock.nanos;
        assertThat(responder.lastValidCheckNanos(v4)).isEqualTo(checkedAt);
        assertThat(responder.lastValidCheckNanos(v6)).isEqualTo(Long.MIN_VALUE);
        assertThat(responder.isConsentExpired(checkedAt + TimeUnit.SECONDS.toNanos(29))).isFalse();
        assertThat(responder.isConsentExpired(checkedAt + TimeUnit.SECONDS.toNanos(30))).isTrue();
        assertThat(responder.state(checkedAt + TimeUnit.SECONDS.toNanos(30))).isEqualTo(IceLiteState.DISCONNECTED);
        // A consent check 25 s later refreshes it.
        clock.advance(25, TimeUnit.SECONDS);
        send(peer.encode(Ice4jPeer.request(USERNAME)), v4);
        assertThat(responder.isConsentExpired(checkedAt + TimeUnit.SECONDS.toNanos(54))).isFalse();
        // Checks from another address do not refresh consent of the nominated pair.
        clock.advance(20, TimeUnit.SECONDS);
        send(peer.encode(Ice4jPeer.request(USERNAME)), v6);
        assertThat(responder.isConsentExpired(clock.nanos + TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(responder.isFailed(clock.nanos + TimeUnit.HOURS.toNanos(1))).isFalse();
    }

    @Test
    void failsWithoutAnyValidCheckWithinTheFailureTimeout() throws Exception {
        long start = clock.nanos;
        responder = new IceLiteResponder(LOCAL, new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(10),
                true, 8), clock);
        assertThat(responder.state(start)).isEqualTo(IceLiteState.NEW);
        assertThat(responder.isFailed(start + TimeUnit.SECONDS.toNanos(9))).isFalse();
        assertThat(responder.isFailed(start + TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(responder.state(start + TimeUnit.SECONDS.toNanos(10))).isEqualTo(IceLiteState.FAILED);
        // Refused checks do not count.
        try (Ice4jPeer wrong = new Ice4jPeer("AnotherPasswordOf24Chars")) {
            send(wrong.encode(Ice4jPeer.request(USERNAME)), v4);
        }
        assertThat(responder.isFailed(start + TimeUnit.SECONDS.toNanos(10))).isTrue();
        send(peer.encode(Ice4jPeer.request(USERNAME)), v4);
        assertThat(responder.isFailed(start + TimeUnit.SECONDS.toNanos(10))).isFalse();
        assertThat(responder.isConsentExpired(start)).isFalse();
    }

    @Test
    void restartKeepsOldCredentialsUntilTheNewOnesAreUsed() throws Exception {
        byte[] oldCheck = peer.encode(Ice4jPeer.request(USERNAME).useCandidate());
        assertThat(send(oldCheck, v4)).isEqualTo(IceOutcome.NOMINATED);
        IceCredentials fresh = new IceCredentials("NeWu", "NewPasswordNewPassword12");
        responder.restart(fresh, "fu2L", null);
        assertThat(responder.localCredentials()).isEqualTo(fresh);
        // The peer has not applied the new description yet: old-ufrag checks keep consent alive.
        responder.setRemoteCredentials(REMOTE_UFRAG, null);
        assertThat(send(oldCheck, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(Ice4jPeer.integrityValid(Ice4jPeer.decode(response(), 0, responder.responseLength()), response(), 0,
                LOCAL.pwd())).isTrue();
        responder.setRemoteCredentials("fu2L", null);
        try (Ice4jPeer newPeer = new Ice4jPeer(fresh.pwd())) {
            byte[] newCheck = newPeer.encode(Ice4jPeer.request("NeWu:fu2L"));
            assertThat(send(newCheck, v4)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
            byte[] raw = response();
            assertThat(Ice4jPeer.integrityValid(Ice4jPeer.decode(raw, 0, raw.length), raw, 0, fresh.pwd())).isTrue();
        }
        // Once the new credentials were used, the old ones are refused.
        byte[] oldAgain = peer.encode(Ice4jPeer.request(LOCAL.ufrag() + ":fu2L"));
        assertThat(send(oldAgain, v4)).isEqualTo(IceOutcome.ERROR_RESPONSE);
        assertThat(responder.lastDropReason()).isEqualTo(IceDropReason.BAD_USERNAME);
        assertThat(responder.nominatedAddress()).isEqualTo(v4);
    }

    @Test
    void writesIntoTheCallersBuffer() throws Exception {
        byte[] request = peer.encode(Ice4jPeer.request(USERNAME));
        byte[] out = new byte[IceLiteResponder.MAX_RESPONSE_LENGTH + 10];
        assertThat(responder.handle(request, 0, request.length, v4, out, 10)).isEqualTo(IceOutcome.SUCCESS_RESPONSE);
        assertThat(responder.responseBuffer()).isSameAs(out);
        assertThat(responder.responseOffset()).isEqualTo(10);
        byte[] raw = Arrays.copyOfRange(out, 10, 10 + responder.responseLength());
        decodeVerified(raw, true);
        assertThatThrownBy(() -> responder.handle(request, 0, request.length, v4, new byte[40], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response buffer needs");
    }

    @Test
    void tracksAtMostTheConfiguredRemotesAndNeverForgetsTheNominatedOne() throws Exception {
        responder = new IceLiteResponder(LOCAL, new IceLiteConfig(Duration.ofSeconds(30), Duration.ofSeconds(30),
                true, 2), clock);
        InetSocketAddress a = address("10.0.0.1", 1);
        InetSocketAddress b = address("10.0.0.2", 2);
        InetSocketAddress c = address("10.0.0.3", 3);
        send(peer.encode(Ice4jPeer.request(USERNAME).useCandidate()), a);
        clock.advance(1, TimeUnit.SECONDS);
        send(peer.encode(Ice4jPeer.request(USERNAME)), b);
        clock.advance(1, TimeUnit.SECONDS);
        send(peer.encode(Ice4jPeer.request(USERNAME)), c);
        assertThat(responder.isValidatedRemote(a)).isTrue();
        assertThat(responder.isValidatedRemote(b)).isFalse();
        assertThat(responder.isValidatedRemote(c)).isTrue();
        assertThat(responder.nominatedAddress()).isEqualTo(a);
    }

    @Test
    void steadyStateConsentChecksAllocateAlmostNothing() throws Exception {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        // The JDKs we build and run on (OpenJDK 17, Temurin 25) all have the HotSpot counter; a JVM
        // without it must fail this check, not skip it.
        org.assertj.core.api.Assertions.assertThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        byte[] check = peer.encode(Ice4jPeer.request(USERNAME).useCandidate());
        byte[] out = new byte[IceLiteResponder.MAX_RESPONSE_LENGTH];
        int accepted = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            for (int i = 0; i < 5_000; i++) {
                if (responder.handle(check, 0, check.length, v4, out, 0).hasResponse()) {
                    accepted++;
                }
            }
        }
        long perCheck = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 5_000;
        assertThat(accepted).isEqualTo(10_000);
        // Only the JDK's HMAC engine allocates (a digest temporary per doFinal): two per check.
        assertThat(perCheck).as("bytes per consent check").isLessThan(200);
    }
}
