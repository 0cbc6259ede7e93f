package io.github.wildfiresfu.bench.media;

import io.github.wildfiresfu.bench.AbstractSfuBenchmark;
import io.github.wildfiresfu.media.srtp.SrtpProfile;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP protect and unprotect of one RTP packet in place (issue #3: "SRTP protect/unprotect
 * (160 and 1200 bytes, GCM and CM)"). Each operation first copies the packet from a pristine
 * template, because both operations rewrite the buffer; {@link #copyOnly} measures that copy so
 * it can be subtracted. Unprotect walks a ring of packets protected with increasing sequence
 * numbers (the receiver's replay window refuses a packet twice) and starts a new receiver
 * context each time the ring wraps, which costs one context derivation per 4096 packets.
 */
@State(Scope.Thread)
public class SrtpBenchmark extends AbstractSfuBenchmark {

    private static final int RING = 4096;
    private static final int HEADER = 12;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public String profile;

    @Param({"160", "1200"})
    public int payload;

    private byte[] key;
    private byte[] salt;
    private SrtpProtector protector;
    private SrtpUnprotector unprotector;
    private byte[] plainTemplate;
    private byte[][] protectedRing;
    private int[] protectedLength;
    private byte[] work;
    private int seq;
    private int ringIndex;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random random = new Random(42);
        key = new byte[p.masterKeyLength()];
        salt = new byte[p.masterSaltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        protector = SrtpProtector.create(p, key, salt, 16);
        plainTemplate = new byte[HEADER + payload + SrtpSession.MAX_TRAILER_LENGTH];
        random.nextBytes(plainTemplate);
        plainTemplate[0] = (byte) 0x80;
        plainTemplate[1] = 96;
        plainTemplate[8] = 0x12;
        plainTemplate[9] = 0x34;
        plainTemplate[10] = 0x56;
        plainTemplate[11] = 0x78;
        work = new byte[plainTemplate.length];
        // A separate sender protects the ring, so the measured protector's state is untouched.
        SrtpProtector ringSender = SrtpProtector.create(p, key, salt, 16);
        protectedRing = new byte[RING][];
        protectedLength = new int[RING];
        for (int i = 0; i < RING; i++) {
            byte[] b = plainTemplate.clone();
            b[2] = (byte) (i >> 8);
            b[3] = (byte) i;
            protectedLength[i] = ringSender.protectRtp(b, 0, HEADER + payload);
            if (protectedLength[i] < 0) {
                throw new IllegalStateException("protect failed: " + protectedLength[i]);
            }
            protectedRing[i] = b;
        }
        unprotector = SrtpUnprotector.create(p, key, salt, 16);
    }

    @Benchmark
    public int copyOnly() {
        System.arraycopy(plainTemplate, 0, work, 0, HEADER + payload);
        return work[5];
    }

    @Benchmark
    public int protect() {
        System.arraycopy(plainTemplate, 0, work, 0, HEADER + payload);
        seq = (seq + 1) & 0xffff;
        work[2] = (byte) (seq >> 8);
        work[3] = (byte) seq;
        return protector.protectRtp(work, 0, HEADER + payload);
    }

    @Benchmark
    public int unprotect() {
        int i = ringIndex;
        ringIndex = (i + 1) % RING;
        if (i == 0) {
            // A fresh receiver for each pass: the previous one has seen these sequence numbers.
            unprotector = SrtpUnprotector.create(SrtpProfile.valueOf(profile), key, salt, 16);
        }
        System.arraycopy(protectedRing[i], 0, work, 0, protectedLength[i]);
        int n = unprotector.unprotectRtp(work, 0, protectedLength[i]);
        if (n < 0) {
            throw new IllegalStateException("unprotect failed: " + n);
        }
        return n;
    }
}
