package io.github.wildfiresfu.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DtlsRecordFilterTest {

    private static final int GCM = DtlsRecordFilter.minEncryptedLength(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);

    /** Record header: type, version, epoch, 48-bit sequence, length; then the body as hex. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "handshake epoch 0                 | 16fefd 0000 000000000000 0002 0102              | true",
        "DTLS 1.0 version (HelloVerify)    | 16feff 0000 000000000005 0000                   | true",
        "change_cipher_spec                | 14fefd 0000 000000000003 0001 01                | true",
        "two records in one datagram       | 14fefd 0000 000000000003 0001 01 16fefd 0000 000000000004 0001 07 | true",
        "epoch 0 sequence 65535            | 16fefd 0000 00000000ffff 0000                   | true",
        "epoch 0 sequence 65536            | 16fefd 0000 000000010000 0000                   | false",
        "epoch 0 sequence 2^47             | 16fefd 0000 800000000000 0000                   | false",
        "shorter than a header             | 16fefd 0000 0000000000                          | false",
        "length beyond the datagram        | 16fefd 0000 000000000000 0003 0102              | false",
        "trailing partial record           | 14fefd 0000 000000000003 0001 01 16fe           | false",
        "content type 19                   | 13fefd 0000 000000000000 0000                   | false",
        "content type 24 (heartbeat)       | 18fefd 0000 000000000000 0000                   | false",
        "TLS version, not DTLS             | 160303 0000 000000000000 0000                   | false",
        "epoch 2                           | 17fefd 0002 000000000000 0018 000000000000000000000000000000000000000000000000 | false",
        "epoch 1, 24 bytes                 | 17fefd 0001 000000000000 0018 000000000000000000000000000000000000000000000000 | true",
        "epoch 1, 23 bytes                 | 15fefd 0001 000000000000 0017 0000000000000000000000000000000000000000000000 | false",
        "epoch 1, any sequence             | 17fefd 0001 ffffffffffff 0018 000000000000000000000000000000000000000000000000 | true",
    })
    void acceptsOnlyWellFramedRecords(String description, String hex, boolean acceptable) {
        byte[] datagram = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThat(DtlsRecordFilter.isAcceptable(datagram, 0, datagram.length, GCM)).isEqualTo(acceptable);
        // The same bytes at an offset inside a larger buffer give the same answer.
        byte[] padded = new byte[datagram.length + 10];
        System.arraycopy(datagram, 0, padded, 5, datagram.length);
        assertThat(DtlsRecordFilter.isAcceptable(padded, 5, datagram.length, GCM)).isEqualTo(acceptable);
    }

    @Test
    void encryptedRecordMinimumFollowsTheCipherSuite() {
        assertThat(GCM).isEqualTo(24);
        assertThat(DtlsRecordFilter.minEncryptedLength(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256))
                .isEqualTo(16);
        byte[] epoch1 = HexFormat.of().parseHex("17fefd0001000000000000" + "0010" + "00".repeat(16));
        assertThat(DtlsRecordFilter.isAcceptable(epoch1, 0, epoch1.length, 16)).isTrue();
        assertThat(DtlsRecordFilter.isAcceptable(epoch1, 0, epoch1.length, DtlsRecordFilter.NO_CIPHER_YET)).isFalse();
    }
}
