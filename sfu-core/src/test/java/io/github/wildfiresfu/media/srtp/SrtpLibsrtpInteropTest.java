package io.github.wildfiresfu.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with libsrtp 2.5: {@code srtp/libsrtp-fixture.txt} holds packets that libsrtp
 * protected (written by {@code srtp/make_libsrtp_fixture.py} through python3-pylibsrtp), for all
 * three profiles, two interleaved SSRCs, RTP sequence numbers across the 65535 to 0 wrap, CSRCs,
 * a header extension and compound RTCP. Our protector must produce the same bytes and our
 * unprotector must recover the plain packets.
 */
class SrtpLibsrtpInteropTest {

    private record Line(String kind, SrtpProfile profile, byte[] key, byte[] salt, byte[] plain, byte[] protectedBytes) {
    }

    @Test
    void protectorOutputIsByteIdenticalToLibsrtp() throws IOException {
        List<Line> lines = fixture();
        Map<SrtpProfile, SrtpProtector> protectors = new EnumMap<>(SrtpProfile.class);
        Set<String> rtcpStarted = new HashSet<>();
        int checked = 0;
        for (Line line : lines) {
            SrtpProtector protector = protectors.computeIfAbsent(line.profile(),
                    p -> SrtpProtector.create(p, line.key(), line.salt(), 8));
            if (line.kind().equals("rtp")) {
                assertThat(SrtpVectorsTest.protectRtp(protector, line.plain())).isEqualTo(line.protectedBytes());
            } else {
                // libsrtp's first SRTCP index is 1 and jitsi-srtp's is 0: burn index 0 once per SSRC.
                int ssrc = SrtpSession.readInt(line.plain(), 4);
                if (rtcpStarted.add(line.profile() + "/" + ssrc)) {
                    SrtpVectorsTest.protectRtcp(protector, line.plain());
                }
                assertThat(SrtpVectorsTest.protectRtcp(protector, line.plain())).isEqualTo(line.protectedBytes());
            }
            checked++;
        }
        protectors.values().forEach(SrtpSession::close);
        assertThat(checked).as("3 profiles x (12 RTP + 6 RTCP)").isEqualTo(54);
    }

    @Test
    void unprotectorRecoversWhatLibsrtpProtected() throws IOException {
        Map<SrtpProfile, SrtpUnprotector> unprotectors = new EnumMap<>(SrtpProfile.class);
        for (Line line : fixture()) {
            SrtpUnprotector unprotector = unprotectors.computeIfAbsent(line.profile(),
                    p -> SrtpUnprotector.create(p, line.key(), line.salt(), 8));
            byte[] plain = line.kind().equals("rtp")
                    ? SrtpVectorsTest.unprotectRtp(unprotector, line.protectedBytes())
                    : SrtpVectorsTest.unprotectRtcp(unprotector, line.protectedBytes());
            assertThat(plain).isEqualTo(line.plain());
        }
        for (SrtpUnprotector unprotector : unprotectors.values()) {
            assertThat(unprotector.rtpSsrcCount()).isEqualTo(2);
            assertThat(unprotector.rtcpSsrcCount()).isEqualTo(2);
            assertThat(unprotector.packets()).isEqualTo(18);
            unprotector.close();
        }
    }

    private static List<Line> fixture() throws IOException {
        List<Line> lines = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(
                SrtpLibsrtpInteropTest.class.getResourceAsStream("/srtp/libsrtp-fixture.txt"), "fixture");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] f = text.split(" ");
                lines.add(new Line(f[0], SrtpProfile.valueOf(f[1]), SrtpVectorsTest.hex(f[2]),
                        SrtpVectorsTest.hex(f[3]), SrtpVectorsTest.hex(f[4]), SrtpVectorsTest.hex(f[5])));
            }
        }
        return lines;
    }
}
