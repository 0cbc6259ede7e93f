package io.github.wildfiresfu.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of one DTLS-SRTP association, already split by direction:
 * {@code local*} protects what we send, {@code remote*} unprotects what the peer sends.
 *
 * <p>Immutable; accessors return copies. {@link #toString()} never prints key bytes.
 */
public final class SrtpKeyingMaterial {

    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    /**
     * @throws IllegalArgumentException if a key or salt length does not match {@code profile}
     */
    public SrtpKeyingMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.localKey = checkedCopy(localKey, profile.masterKeyLength(), "local key");
        this.localSalt = checkedCopy(localSalt, profile.masterSaltLength(), "local salt");
        this.remoteKey = checkedCopy(remoteKey, profile.masterKeyLength(), "remote key");
        this.remoteSalt = checkedCopy(remoteSalt, profile.masterSaltLength(), "remote salt");
    }

    /**
     * Splits DTLS exporter output ({@code EXTRACTOR-dtls_srtp}) into the two directions. RFC 5764
     * §4.2 lays it out as client key | server key | client salt | server salt; the client sends
     * with the client-write key and salt.
     *
     * @param exported exactly {@link SrtpProfile#keyingMaterialLength()} bytes
     * @param weAreClient whether we were the DTLS client (RFC 8842 {@code a=setup:active})
     * @throws IllegalArgumentException if {@code exported} has the wrong length
     */
    public static SrtpKeyingMaterial fromExporter(SrtpProfile profile, byte[] exported, boolean weAreClient) {
        int keyLength = profile.masterKeyLength();
        int saltLength = profile.masterSaltLength();
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("DTLS-SRTP keying material for " + profile + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + exported.length);
        }
        byte[] clientKey = Arrays.copyOfRange(exported, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(exported, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(exported, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(exported, 2 * keyLength + saltLength, exported.length);
        try {
            return weAreClient
                    ? new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
                    : new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
        } finally {
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
            Arrays.fill(clientSalt, (byte) 0);
            Arrays.fill(serverSalt, (byte) 0);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Master key for what we send. */
    public byte[] localKey() {
        return localKey.clone();
    }

    /** Master salt for what we send. */
    public byte[] localSalt() {
        return localSalt.clone();
    }

    /** Master key for what the peer sends. */
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    /** Master salt for what the peer sends. */
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + "]";
    }

    private static byte[] checkedCopy(byte[] bytes, int expectedLength, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length != expectedLength) {
            throw new IllegalArgumentException(what + " must be " + expectedLength + " bytes, got " + bytes.length);
        }
        return bytes.clone();
    }
}
