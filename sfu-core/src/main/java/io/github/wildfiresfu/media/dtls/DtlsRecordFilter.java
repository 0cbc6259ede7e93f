package io.github.wildfiresfu.media.dtls;

import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.TlsUtils;

/**
 * Checks a datagram's DTLS 1.2 record framing (RFC 6347 §4.1) before bctls sees it, and drops
 * the datagram if any record is malformed. RFC 6347 §4.1.2.7 says invalid records should be
 * silently discarded, but bctls 1.84 differs in two ways that let a single bad datagram break an
 * association, so we discard such datagrams ourselves:
 * <ul>
 *   <li>An encrypted record shorter than its cipher's explicit nonce plus tag makes bctls raise a
 *       fatal {@code decode_error} ({@code TlsAEADCipher.decodeCiphertext}) instead of ignoring
 *       it, which kills the handshake or the connection.</li>
 *   <li>Epoch 0 is unauthenticated, yet bctls advances the epoch's replay window on every
 *       well-framed record; one stray record with a huge sequence number makes it discard the
 *       real handshake as "replayed". Real peers number epoch-0 records from 0, one per record
 *       (a handshake needs a few dozen), so we drop epoch-0 sequence numbers of 2^16 and above.</li>
 * </ul>
 * DTLS 1.2 without renegotiation only uses epochs 0 and 1; other epochs are dropped too. This is
 * robustness against garbage, not a defence against an on-path attacker, who can always forge
 * unauthenticated epoch-0 alerts (ICE consent is what keeps strangers out).
 */
final class DtlsRecordFilter {

    static final int RECORD_HEADER_LENGTH = 13;

    /** Epoch-0 records numbered above this are dropped. */
    static final long MAX_EPOCH0_SEQUENCE = 0xFFFF;

    /** Before a cipher suite is selected no encrypted record can be genuine. */
    static final int NO_CIPHER_YET = Integer.MAX_VALUE;

    private DtlsRecordFilter() {
    }

    /**
     * Whether every record in {@code buf[off, off + len)} is well framed: content type 20 to 23
     * (change_cipher_spec, alert, handshake, application_data), a DTLS version, a length inside
     * the datagram, and the epoch rules above.
     *
     * @param minEncryptedLength the shortest valid epoch-1 record for the negotiated suite
     */
    static boolean isAcceptable(byte[] buf, int off, int len, int minEncryptedLength) {
        int end = off + len;
        if (len < RECORD_HEADER_LENGTH) {
            return false;
        }
        for (int at = off; at < end; ) {
            if (end - at < RECORD_HEADER_LENGTH) {
                return false;
            }
            int type = buf[at] & 0xFF;
            if (type < 20 || type > 23 || (buf[at + 1] & 0xFF) != 0xFE) {
                return false;
            }
            int epoch = uint16(buf, at + 3);
            int length = uint16(buf, at + 11);
            if (length > end - at - RECORD_HEADER_LENGTH) {
                return false;
            }
            if (epoch == 0) {
                long sequence = ((long) uint16(buf, at + 5) << 32) | ((long) uint16(buf, at + 7) << 16)
                        | uint16(buf, at + 9);
                if (sequence > MAX_EPOCH0_SEQUENCE) {
                    return false;
                }
            } else if (epoch != 1 || length < minEncryptedLength) {
                return false;
            }
            at += RECORD_HEADER_LENGTH + length;
        }
        return true;
    }

    /**
     * Shortest valid encrypted record for a cipher suite: the AEAD tag plus the explicit nonce
     * (8 bytes for AES-GCM, RFC 5288 §3; none for ChaCha20-Poly1305, RFC 7905 §2).
     */
    static int minEncryptedLength(int cipherSuite) {
        int algorithm = TlsUtils.getEncryptionAlgorithm(cipherSuite);
        return algorithm == EncryptionAlgorithm.CHACHA20_POLY1305 ? 16 : 8 + 16;
    }

    private static int uint16(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }
}
