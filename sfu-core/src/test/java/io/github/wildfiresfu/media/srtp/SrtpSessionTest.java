package io.github.wildfiresfu.media.srtp;

import static io.github.wildfiresfu.media.srtp.SrtpVectorsTest.protectRtcp;
import static io.github.wildfiresfu.media.srtp.SrtpVectorsTest.protectRtp;
import static io.github.wildfiresfu.media.srtp.SrtpVectorsTest.unprotectRtcp;
import static io.github.wildfiresfu.media.srtp.SrtpVectorsTest.unprotectRtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpSessionTest {

    private static final int SSRC = 0x1234abcd;

    /** A DTLS-SRTP association seen from both ends: what one protects the other unprotects. */
    private static SrtpKeyingMaterial[] association(SrtpProfile profile) {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < exported.length; i++) {
            exported[i] = (byte) (31 * i + 7);
        }
        return new SrtpKeyingMaterial[] {
            SrtpKeyingMaterial.fromExporter(profile, exported, true),
            SrtpKeyingMaterial.fromExporter(profile, exported, false)};
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpAndRtcpRoundTripBetweenClientAndServer(SrtpProfile profile) {
        SrtpKeyingMaterial[] ends = association(profile);
        try (SrtpProtector clientOut = SrtpProtector.create(ends[0]);
                SrtpUnprotector serverIn = SrtpUnprotector.create(ends[1]);
                SrtpProtector serverOut = SrtpProtector.create(ends[1]);
                SrtpUnprotector clientIn = SrtpUnprotector.create(ends[0])) {
            for (int seq = 100; seq < 110; seq++) {
                byte[] rtp = SrtpTestPackets.rtp(seq, SSRC, 3 * seq % 200);
                byte[] srtp = protectRtp(clientOut, rtp);
                assertThat(srtp).hasSize(rtp.length + profile.rtpTrailerLength());
                assertThat(Arrays.copyOfRange(srtp, 12, rtp.length)).isNotEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));
                assertThat(unprotectRtp(serverIn, srtp)).isEqualTo(rtp);

                byte[] rtcp = SrtpTestPackets.rtcp(SSRC, seq);
                byte[] srtcp = protectRtcp(serverOut, rtcp);
                assertThat(srtcp).hasSize(rtcp.length + profile.rtcpTrailerLength());
                assertThat(unprotectRtcp(clientIn, srtcp)).isEqualTo(rtcp);
            }
            // The two directions use different keys: the server cannot read its own output.
            byte[] own = protectRtp(serverOut, SrtpTestPackets.rtp(200, SSRC, 50));
            assertThat(serverIn.unprotectRtp(own, 0, own.length)).isEqualTo(SrtpStatus.AUTH_FAILED.code());
            assertThat(serverIn.packets()).isEqualTo(10);
            assertThat(serverIn.failures(SrtpStatus.AUTH_FAILED)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyFlippedBitFailsAuthentication(SrtpProfile profile) {
        SrtpKeyingMaterial[] ends = association(profile);
        try (SrtpProtector out = SrtpProtector.create(ends[0])) {
            byte[] srtp = protectRtp(out, SrtpTestPackets.rtp(7, SSRC, 20));
            byte[] srtcp = protectRtcp(out, SrtpTestPackets.rtcp(SSRC, 1));
            for (int bit = 0; bit < srtp.length * 8; bit++) {
                try (SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
                    byte[] tampered = srtp.clone();
                    tampered[bit / 8] ^= (byte) (1 << (bit % 8));
                    int result = in.unprotectRtp(tampered, 0, tampered.length);
                    // Flipping the version bits makes it "not RTP"; every other bit is caught by the tag.
                    assertThat(result).as("bit %d", bit).isIn(SrtpStatus.AUTH_FAILED.code(), SrtpStatus.TOO_SHORT.code());
                    assertThat(in.rtpSsrcCount()).as("a forged first packet leaves no context").isZero();
                }
            }
            for (int bit = 0; bit < srtcp.length * 8; bit++) {
                try (SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
                    byte[] tampered = srtcp.clone();
                    tampered[bit / 8] ^= (byte) (1 << (bit % 8));
                    int result = in.unprotectRtcp(tampered, 0, tampered.length);
                    assertThat(result).as("bit %d", bit).isNegative();
                }
            }
        }
    }

    @Test
    void replayedAndTooOldPacketsAreRejected() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        try (SrtpProtector out = SrtpProtector.create(ends[0]); SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
            byte[] first = protectRtp(out, SrtpTestPackets.rtp(1000, SSRC, 10));
            assertThat(unprotectRtp(in, first)).hasSize(22);
            byte[] again = first.clone();
            assertThat(in.unprotectRtp(again, 0, again.length)).isEqualTo(SrtpStatus.REPLAYED.code());
            // Move the window 100 packets ahead: sequence 1000 is now behind the 64-packet window.
            for (int seq = 1001; seq <= 1100; seq++) {
                unprotectRtp(in, protectRtp(out, SrtpTestPackets.rtp(seq, SSRC, 10)));
            }
            byte[] old = first.clone();
            assertThat(in.unprotectRtp(old, 0, old.length)).isEqualTo(SrtpStatus.TOO_OLD.code());
            assertThat(in.failures(SrtpStatus.REPLAYED)).isEqualTo(1);
            assertThat(in.failures(SrtpStatus.TOO_OLD)).isEqualTo(1);

            byte[] rtcp = protectRtcp(out, SrtpTestPackets.rtcp(SSRC, 0));
            unprotectRtcp(in, rtcp);
            assertThat(in.unprotectRtcp(rtcp.clone(), 0, rtcp.length)).isEqualTo(SrtpStatus.REPLAYED.code());
        }
    }

    @Test
    void retransmissionsAreProtectedAgainButAcceptedOnce() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AEAD_AES_128_GCM);
        try (SrtpProtector out = SrtpProtector.create(ends[0]); SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
            byte[] original = SrtpTestPackets.rtp(500, SSRC, 30);
            byte[] sent = protectRtp(out, original);
            protectRtp(out, SrtpTestPackets.rtp(501, SSRC, 30));
            // A NACK answer re-sends 500: no send-side replay check, identical bytes (same index).
            assertThat(protectRtp(out, original)).isEqualTo(sent);
            assertThat(unprotectRtp(in, sent)).isEqualTo(original);
            assertThat(in.unprotectRtp(sent.clone(), 0, sent.length)).isEqualTo(SrtpStatus.REPLAYED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsTheSequenceWrapIncludingReordering(SrtpProfile profile) {
        SrtpKeyingMaterial[] ends = association(profile);
        try (SrtpProtector out = SrtpProtector.create(ends[0]); SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
            int[] sent = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3};
            byte[][] wire = new byte[sent.length][];
            for (int i = 0; i < sent.length; i++) {
                wire[i] = protectRtp(out, SrtpTestPackets.rtp(sent[i], SSRC, 16 + i));
            }
            // Receive order: 65535 and 65534 arrive after the wrap; every one must still decrypt.
            int[] order = {0, 1, 2, 3, 6, 5, 7, 4, 8, 9};
            for (int i : order) {
                assertThat(unprotectRtp(in, wire[i])).as("seq %d", sent[i])
                        .isEqualTo(SrtpTestPackets.rtp(sent[i], SSRC, 16 + i));
            }
            // Thousands of packets later (second wrap) the stream still decrypts.
            for (int n = 4; n < 70000; n += 1000) {
                int seq = n & 0xFFFF;
                assertThat(unprotectRtp(in, protectRtp(out, SrtpTestPackets.rtp(seq, SSRC, 8)))).hasSize(20);
            }
        }
    }

    @Test
    void manySsrcsEachGetTheirOwnContextAndTheLimitHolds() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        try (SrtpProtector out = SrtpProtector.create(ends[0], 300);
                SrtpUnprotector in = SrtpUnprotector.create(ends[1], 300)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 300; i++) {
                    int ssrc = i * 0x10001 - 150; // Includes 0 and negative (above 2^31) SSRCs.
                    byte[] rtp = SrtpTestPackets.rtp(round, ssrc, i % 40);
                    assertThat(unprotectRtp(in, protectRtp(out, rtp))).isEqualTo(rtp);
                }
            }
            assertThat(out.rtpSsrcCount()).isEqualTo(300);
            assertThat(in.rtpSsrcCount()).isEqualTo(300);
            byte[] extra = SrtpTestPackets.rtp(0, 0x7777, 10);
            byte[] buf = Arrays.copyOf(extra, extra.length + 20);
            assertThat(out.protectRtp(buf, 0, extra.length)).isEqualTo(SrtpStatus.UNKNOWN_SSRC.code());
            assertThat(out.failures(SrtpStatus.UNKNOWN_SSRC)).isEqualTo(1);
        }
    }

    @Test
    void malformedPacketsAreRefusedWithoutThrowing() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        try (SrtpProtector out = SrtpProtector.create(ends[0]); SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
            byte[] valid = protectRtp(out, SrtpTestPackets.rtp(1, SSRC, 20));
            for (int len = 0; len < valid.length; len++) {
                byte[] truncated = Arrays.copyOf(valid, len);
                assertThat(in.unprotectRtp(truncated, 0, len)).as("length %d", len).isNegative();
                assertThat(in.unprotectRtcp(truncated, 0, len)).as("length %d", len).isNegative();
            }
            byte[] badExtension = SrtpTestPackets.rtp(2, SSRC, 8);
            badExtension[0] |= 0x10; // Claims a header extension...
            badExtension[14] = (byte) 0xFF; // ...of 255 words, far beyond the packet.
            byte[] buf = Arrays.copyOf(badExtension, badExtension.length + 20);
            assertThat(out.protectRtp(buf, 0, badExtension.length)).isEqualTo(SrtpStatus.TOO_SHORT.code());
            assertThat(in.unprotectRtp(buf, 0, badExtension.length + 10)).isEqualTo(SrtpStatus.TOO_SHORT.code());
            byte[] tooManyCsrcs = SrtpTestPackets.rtp(3, SSRC, 8);
            tooManyCsrcs[0] |= 0x0F;
            assertThat(out.protectRtp(Arrays.copyOf(tooManyCsrcs, 60), 0, tooManyCsrcs.length))
                    .isEqualTo(SrtpStatus.TOO_SHORT.code());
            byte[] notVersion2 = SrtpTestPackets.rtp(4, SSRC, 8);
            notVersion2[0] = 0x40;
            assertThat(out.protectRtp(Arrays.copyOf(notVersion2, 60), 0, notVersion2.length))
                    .isEqualTo(SrtpStatus.TOO_SHORT.code());
            byte[] random = new byte[300];
            new java.util.Random(42).nextBytes(random);
            random[0] = (byte) 0x80;
            assertThat(in.unprotectRtp(random.clone(), 0, 300)).isNegative();
            assertThat(in.unprotectRtcp(random.clone(), 0, 300)).isNegative();
            assertThat(in.rtpSsrcCount() + in.rtcpSsrcCount()).isZero();
        }
    }

    @Test
    void protectingWithoutHeadroomFailsInsteadOfReallocating() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AEAD_AES_128_GCM);
        try (SrtpProtector out = SrtpProtector.create(ends[0])) {
            byte[] rtp = SrtpTestPackets.rtp(1, SSRC, 20);
            byte[] exact = rtp.clone();
            assertThat(out.protectRtp(exact, 0, exact.length)).isEqualTo(SrtpStatus.NO_HEADROOM.code());
            assertThat(exact).as("untouched").isEqualTo(rtp);
            byte[] rtcp = SrtpTestPackets.rtcp(SSRC, 0);
            byte[] almost = Arrays.copyOf(rtcp, rtcp.length + 19);
            assertThat(out.protectRtcp(almost, 0, rtcp.length)).isEqualTo(SrtpStatus.NO_HEADROOM.code());
            byte[] enough = Arrays.copyOf(rtcp, rtcp.length + 20);
            assertThat(out.protectRtcp(enough, 0, rtcp.length)).isEqualTo(rtcp.length + 20);
        }
    }

    @Test
    void packetsAtAnOffsetInsideALargerBufferStayInPlace() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        try (SrtpProtector out = SrtpProtector.create(ends[0]); SrtpUnprotector in = SrtpUnprotector.create(ends[1])) {
            byte[] rtp = SrtpTestPackets.rtp(9, SSRC, 64);
            byte[] pool = new byte[200];
            Arrays.fill(pool, (byte) 0x5A);
            System.arraycopy(rtp, 0, pool, 40, rtp.length);
            int protectedLength = out.protectRtp(pool, 40, rtp.length);
            assertThat(protectedLength).isEqualTo(rtp.length + 10);
            int plainLength = in.unprotectRtp(pool, 40, protectedLength);
            assertThat(Arrays.copyOfRange(pool, 40, 40 + plainLength)).isEqualTo(rtp);
            assertThat(Arrays.copyOfRange(pool, 0, 40)).containsOnly((byte) 0x5A);
            assertThat(Arrays.copyOfRange(pool, 40 + protectedLength, 200)).containsOnly((byte) 0x5A);
        }
    }

    @Test
    void closedSessionsRefuseEverything() {
        SrtpKeyingMaterial[] ends = association(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpProtector out = SrtpProtector.create(ends[0]);
        SrtpUnprotector in = SrtpUnprotector.create(ends[1]);
        byte[] wire = protectRtp(out, SrtpTestPackets.rtp(1, SSRC, 10));
        out.close();
        out.close();
        in.close();
        byte[] buf = Arrays.copyOf(SrtpTestPackets.rtp(2, SSRC, 10), 60);
        assertThat(out.protectRtp(buf, 0, 22)).isEqualTo(SrtpStatus.CLOSED.code());
        assertThat(in.unprotectRtp(wire, 0, wire.length)).isEqualTo(SrtpStatus.CLOSED.code());
        assertThat(out.rtpSsrcCount()).isZero();
    }

    @Test
    void keyingMaterialSplitFollowsRfc5764Layout() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] exported = new byte[60];
        for (int i = 0; i < 60; i++) {
            exported[i] = (byte) i;
        }
        SrtpKeyingMaterial client = SrtpKeyingMaterial.fromExporter(profile, exported, true);
        SrtpKeyingMaterial server = SrtpKeyingMaterial.fromExporter(profile, exported, false);
        // client key | server key | client salt | server salt
        assertThat(client.localKey()).isEqualTo(Arrays.copyOfRange(exported, 0, 16));
        assertThat(client.remoteKey()).isEqualTo(Arrays.copyOfRange(exported, 16, 32));
        assertThat(client.localSalt()).isEqualTo(Arrays.copyOfRange(exported, 32, 46));
        assertThat(client.remoteSalt()).isEqualTo(Arrays.copyOfRange(exported, 46, 60));
        assertThat(server.localKey()).isEqualTo(client.remoteKey());
        assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(client.toString()).doesNotContain("0001");
        assertThatThrownBy(() -> SrtpKeyingMaterial.fromExporter(SrtpProfile.AEAD_AES_128_GCM, exported, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("56 bytes, got 60");
    }

    @Test
    void statusCodesRoundTripAndTrailerConstantCoversEveryProfile() {
        for (SrtpStatus status : SrtpStatus.values()) {
            assertThat(SrtpStatus.isFailure(status.code())).isTrue();
            assertThat(SrtpStatus.fromResult(status.code())).isEqualTo(status);
        }
        assertThatThrownBy(() -> SrtpStatus.fromResult(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SrtpStatus.fromResult(-99)).isInstanceOf(IllegalArgumentException.class);
        int max = 0;
        for (SrtpProfile profile : SrtpProfile.values()) {
            max = Math.max(max, Math.max(profile.rtpTrailerLength(), profile.rtcpTrailerLength()));
            assertThat(SrtpProfile.fromProtectionProfileId(profile.protectionProfileId())).contains(profile);
        }
        assertThat(SrtpSession.MAX_TRAILER_LENGTH).isEqualTo(max);
        assertThat(SrtpProfile.fromProtectionProfileId(0x0008)).isEmpty();
    }
}
