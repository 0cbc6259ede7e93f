package io.github.wildfiresfu.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SingleSocketDemuxTest {

    private static final InetSocketAddress BROWSER_A = new InetSocketAddress("127.0.0.1", 50001);
    private static final InetSocketAddress BROWSER_A2 = new InetSocketAddress("10.0.0.7", 50001);
    private static final InetSocketAddress BROWSER_B = new InetSocketAddress("127.0.0.1", 50002);
    private static final byte[] RTP = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 42};
    private static final byte[] DTLS = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final SingleSocketDemux<String> demux = new SingleSocketDemux<>();

    /** A binding request with USERNAME {@code username} and a PRIORITY after it. */
    static byte[] bindingRequest(String username) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        body.write(0);
        body.write(6);
        body.write(user.length >> 8);
        body.write(user.length);
        body.writeBytes(user);
        for (int i = user.length; i % 4 != 0; i++) {
            body.write(0);
        }
        body.writeBytes(new byte[] {0, 0x24, 0, 4, 1, 2, 3, 4});
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 1, (byte) (body.size() >> 8), (byte) body.size(), 0x21, 0x12, (byte) 0xA4, 0x42});
        m.writeBytes(new byte[12]);
        m.writeBytes(body.toByteArray());
        return m.toByteArray();
    }

    private String route(byte[] datagram, InetSocketAddress from) {
        return demux.route(datagram, 0, datagram.length, from);
    }

    @Test
    void stunChecksAreRoutedByTheLocalUfragAndTeachTheirSourceAddress() {
        demux.register("A", "ufragA");
        demux.register("B", "ufrB");
        assertThat(route(RTP, BROWSER_A)).isNull();
        assertThat(demux.drops().get(SinglePortDropReason.UNKNOWN_ADDRESS)).isEqualTo(1);

        assertThat(route(bindingRequest("ufragA:remote1"), BROWSER_A)).isEqualTo("A");
        assertThat(route(bindingRequest("ufrB:remote2x"), BROWSER_B)).isEqualTo("B");
        assertThat(route(RTP, BROWSER_A)).isEqualTo("A");
        assertThat(route(DTLS, BROWSER_B)).isEqualTo("B");
        assertThat(demux.addressCount()).isEqualTo(2);
        assertThat(demux.drops().total()).isEqualTo(1);
    }

    @Test
    void unknownUfragsAndStunWithoutUsernameAreDroppedAndCounted() {
        demux.register("A", "ufragA");
        assertThat(route(bindingRequest("other:remote"), BROWSER_A)).isNull();
        assertThat(route(bindingRequest(":remote"), BROWSER_A)).isNull();
        byte[] noUsername = new byte[20];
        noUsername[1] = 1;
        assertThat(route(noUsername, BROWSER_B)).isNull();
        // The unknown ufrag taught nothing: media from that address still has no owner.
        assertThat(route(RTP, BROWSER_A)).isNull();
        assertThat(demux.drops().snapshot()).containsEntry(SinglePortDropReason.UNKNOWN_UFRAG, 1L)
                .containsEntry(SinglePortDropReason.STUN_WITHOUT_USERNAME, 2L)
                .containsEntry(SinglePortDropReason.UNKNOWN_ADDRESS, 1L);
    }

    @Test
    void truncatedStunAttributesDoNotReadPastTheDatagram() {
        demux.register("A", "ufragA");
        byte[] check = bindingRequest("ufragA:remote1");
        assertThat(SingleSocketDemux.localUfrag(check, 0, check.length)).isEqualTo("ufragA");
        assertThat(SingleSocketDemux.localUfrag(check, 0, 26)).isNull();
        assertThat(route(java.util.Arrays.copyOf(check, 26), BROWSER_A)).isNull();
    }

    @Test
    void unregisterForgetsTheUfragAndEveryLearntAddress() {
        demux.register("A", "ufragA");
        route(bindingRequest("ufragA:r"), BROWSER_A);
        route(bindingRequest("ufragA:r"), BROWSER_A2);
        assertThat(route(RTP, BROWSER_A2)).isEqualTo("A");
        demux.unregister("A");
        demux.unregister("A");
        assertThat(demux.size()).isZero();
        assertThat(demux.addressCount()).isZero();
        assertThat(route(RTP, BROWSER_A)).isNull();
        assertThat(route(bindingRequest("ufragA:r"), BROWSER_A)).isNull();
    }

    @Test
    void anIceRestartMovesTheTargetToItsNewUfragAndKeepsItsAddresses() {
        demux.register("A", "old");
        route(bindingRequest("old:r"), BROWSER_A);
        demux.changeUfrag("A", "new");
        assertThat(route(bindingRequest("old:r"), BROWSER_B)).isNull();
        assertThat(route(bindingRequest("new:r2"), BROWSER_B)).isEqualTo("A");
        assertThat(route(RTP, BROWSER_A)).isEqualTo("A");
    }

    @Test
    void anAddressCheckedForAnotherTransportMovesToIt() {
        demux.register("A", "ua");
        demux.register("B", "ub");
        route(bindingRequest("ua:r"), BROWSER_A);
        route(bindingRequest("ub:r"), BROWSER_A);
        assertThat(route(RTP, BROWSER_A)).isEqualTo("B");
        demux.unregister("A");
        assertThat(route(RTP, BROWSER_A)).isEqualTo("B");
    }

    @Test
    void aTransportLearnsAtMostALimitedNumberOfAddresses() {
        demux.register("A", "ua");
        for (int i = 0; i < SingleSocketDemux.MAX_ADDRESSES_PER_TARGET + 5; i++) {
            route(bindingRequest("ua:r"), new InetSocketAddress("127.0.0.1", 40000 + i));
        }
        assertThat(demux.addressCount()).isEqualTo(SingleSocketDemux.MAX_ADDRESSES_PER_TARGET);
        assertThat(demux.drops().get(SinglePortDropReason.TOO_MANY_ADDRESSES)).isEqualTo(5);
    }

    @Test
    void aUfragCannotBeRegisteredTwice() {
        demux.register("A", "same");
        assertThatThrownBy(() -> demux.register("B", "same")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same");
    }
}
