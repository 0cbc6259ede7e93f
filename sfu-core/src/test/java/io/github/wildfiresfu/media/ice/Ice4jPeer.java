package io.github.wildfiresfu.media.ice;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.StunStack;

/**
 * The independent side of the STUN tests: a full ICE agent's Binding requests built by ice4j's own
 * encoder ({@link MessageFactory}, {@link AttributeFactory}, {@code Message.encode}), and our responses
 * decoded and verified with ice4j's decoder and its HMAC-SHA1 / CRC-32 helpers. ice4j needs a
 * {@link StunStack} only to look up the MESSAGE-INTEGRITY key; no socket is opened.
 */
final class Ice4jPeer implements AutoCloseable {

    private final StunStack stack = new StunStack();
    private final String remotePwd;

    /** A peer whose requests are keyed with {@code remotePwd} (the lite agent's ice-pwd). */
    Ice4jPeer(String remotePwd) {
        this.remotePwd = remotePwd;
        stack.getCredentialsManager().registerAuthority(new CredentialsAuthority() {
            @Override
            public byte[] getLocalKey(String username) {
                return null;
            }

            @Override
            public byte[] getRemoteKey(String username, String media) {
                return Ice4jPeer.this.remotePwd.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean checkLocalUserName(String username) {
                return false;
            }
        });
    }

    /** Options of a request. */
    static final class Options {
        String username;
        long priority = 0x6E0001FFL;
        Boolean controlling = Boolean.TRUE;
        long tieBreaker = 0x1122334455667788L;
        boolean useCandidate;
        boolean integrity = true;
        boolean fingerprint = true;
        boolean priorityAttribute = true;
        byte[] transactionId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

        Options username(String u) {
            username = u;
            return this;
        }

        Options useCandidate() {
            useCandidate = true;
            return this;
        }

        Options controlled() {
            controlling = Boolean.FALSE;
            return this;
        }

        Options noControlAttribute() {
            controlling = null;
            return this;
        }

        Options noIntegrity() {
            integrity = false;
            return this;
        }

        Options noFingerprint() {
            fingerprint = false;
            return this;
        }

        Options noPriority() {
            priorityAttribute = false;
            return this;
        }
    }

    static Options request(String username) {
        return new Options().username(username);
    }

    /** Encodes a Binding request with ice4j. */
    byte[] encode(Options o) throws StunException {
        Request r;
        if (o.controlling == null) {
            r = MessageFactory.createBindingRequest();
            if (o.priorityAttribute) {
                r.putAttribute(AttributeFactory.createPriorityAttribute(o.priority));
            }
        } else if (o.priorityAttribute) {
            r = MessageFactory.createBindingRequest(o.priority, o.controlling, o.tieBreaker);
        } else {
            r = MessageFactory.createBindingRequest();
            r.putAttribute(o.controlling ? AttributeFactory.createIceControllingAttribute(o.tieBreaker)
                    : AttributeFactory.createIceControlledAttribute(o.tieBreaker));
        }
        r.setTransactionID(o.transactionId);
        if (o.useCandidate) {
            r.putAttribute(AttributeFactory.createUseCandidateAttribute());
        }
        if (o.username != null) {
            r.putAttribute(AttributeFactory.createUsernameAttribute(o.username));
        }
        if (o.integrity) {
            r.putAttribute(AttributeFactory.createMessageIntegrityAttribute(o.username));
        }
        if (o.fingerprint) {
            r.putAttribute(AttributeFactory.createFingerprintAttribute());
        }
        return r.encode(stack);
    }

    /** Decodes with ice4j, which also rejects a wrong FINGERPRINT. */
    static Message decode(byte[] buf, int off, int len) throws StunException {
        return Message.decode(buf, off, len);
    }

    /**
     * Verifies MESSAGE-INTEGRITY of a decoded message with ice4j's HMAC-SHA1: over the bytes before the
     * attribute, with the length field adjusted to end right after it (RFC 5389 §15.4).
     */
    static boolean integrityValid(Message m, byte[] raw, int off, String pwd) {
        MessageIntegrityAttribute mi = (MessageIntegrityAttribute) m.getAttribute(Attribute.MESSAGE_INTEGRITY);
        if (mi == null) {
            return false;
        }
        int at = mi.getLocationInMessage();
        byte[] copy = Arrays.copyOfRange(raw, off, off + at);
        int adjusted = at - 20 + 24;
        copy[2] = (byte) (adjusted >> 8);
        copy[3] = (byte) adjusted;
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(copy, 0, copy.length,
                pwd.getBytes(StandardCharsets.UTF_8));
        return Arrays.equals(expected, mi.getHmacSha1Content());
    }

    /** Verifies FINGERPRINT with ice4j's CRC-32 helper. */
    static boolean fingerprintValid(Message m, byte[] raw, int off) {
        FingerprintAttribute fp = (FingerprintAttribute) m.getAttribute(Attribute.FINGERPRINT);
        if (fp == null) {
            return false;
        }
        byte[] expected = FingerprintAttribute.calculateXorCRC32(raw, off, fp.getLocationInMessage());
        return Arrays.equals(expected, fp.getChecksum());
    }

    @Override
    public void close() {
        stack.shutDown();
    }
}
