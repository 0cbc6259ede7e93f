package io.github.wildfiresfu.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.transport.UdpSocket;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UdpPortAllocatorTest {

    /** A cursor that starts at the first port, so the tests can predict the order. */
    private static UdpPortAllocator allocator(int min, int max) {
        return new UdpPortAllocator(min, max, new Random() {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        });
    }

    @Test
    void handsOutEveryPortOnceThenFailsWithTheRangeInTheMessage() throws Exception {
        UdpPortAllocator ports = allocator(30000, 30002);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(ports.allocate(port -> port).port());
        }
        assertThat(got).containsExactly(30000, 30001, 30002);
        assertThat(ports.portsInUse()).containsExactly(30000, 30001, 30002);
        assertThatThrownBy(() -> ports.allocate(port -> port))
                .isInstanceOf(UdpPortAllocator.PortUnavailableException.class)
                .hasMessage("no free UDP port in rtp_port_range 30000-30002: 3 held by this server, 0 in use by other sockets");
    }

    @Test
    void skipsPortsOtherSocketsHoldAndSaysSoWhenNothingIsLeft() throws Exception {
        UdpPortAllocator ports = allocator(30000, 30003);
        Set<Integer> taken = Set.of(30000, 30002);
        UdpPortAllocator.Binder<Integer> binder = port -> {
            if (taken.contains(port)) {
                throw new BindException("Address already in use");
            }
            return port;
        };
        assertThat(ports.allocate(binder).port()).isEqualTo(30001);
        assertThat(ports.allocate(binder).port()).isEqualTo(30003);
        assertThatThrownBy(() -> ports.allocate(binder))
                .hasMessage("no free UDP port in rtp_port_range 30000-30003: 2 held by this server, 2 in use by other sockets");
    }

    @Test
    void netty_style_in_use_messages_count_as_in_use_and_other_errors_stop_at_once() throws Exception {
        UdpPortAllocator ports = allocator(30000, 30009);
        assertThat(ports.allocate(port -> {
            if (port == 30000) {
                throw new IOException("bind(..) failed: Address already in use");
            }
            return port;
        }).port()).isEqualTo(30001);
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> ports.allocate(port -> {
            tried.add(port);
            throw new IOException("bind(..) failed: Cannot assign requested address");
        })).hasMessage("cannot bind UDP port 30002 of rtp_port_range 30000-30009: bind(..) failed: Cannot assign requested address");
        assertThat(tried).containsExactly(30002);
    }

    @Test
    void aReleasedPortComesBackOnlyAfterTheOthers() throws Exception {
        UdpPortAllocator ports = allocator(30000, 30002);
        int first = ports.allocate(port -> port).port();
        ports.release(first);
        assertThat(ports.allocate(port -> port).port()).isEqualTo(30001);
        assertThat(ports.allocate(port -> port).port()).isEqualTo(30002);
        assertThat(ports.allocate(port -> port).port()).isEqualTo(30000);
        ports.release(12345);
        assertThat(ports.portsInUse()).hasSize(3);
    }

    @Test
    void rejectsBadRanges() {
        assertThatThrownBy(() -> new UdpPortAllocator(0, 10, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpPortAllocator(10, 9, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpPortAllocator(1, 65536, new Random())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void realSocketsSkipAPortAnotherProcessHolds() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            int held = squatter.getLocalPort();
            if (held >= 65535) {
                return;
            }
            UdpPortAllocator ports = allocator(held, held + 1);
            for (boolean epoll : new boolean[] {io.netty.channel.epoll.Epoll.isAvailable(), false}) {
                UdpPortAllocator.Allocation<UdpSocket> a;
                try {
                    a = ports.allocate(port -> UdpSocket.bind(loopback, port, epoll, () -> ports.release(port)));
                } catch (UdpPortAllocator.PortUnavailableException e) {
                    // held + 1 happened to be taken by someone else on this busy machine.
                    return;
                }
                assertThat(a.port()).isEqualTo(held + 1);
                a.socket().close();
                assertThat(ports.portsInUse()).isEmpty();
                try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(loopback, held + 1))) {
                    assertThat(again.getLocalPort()).isEqualTo(held + 1);
                }
            }
        }
    }
}
