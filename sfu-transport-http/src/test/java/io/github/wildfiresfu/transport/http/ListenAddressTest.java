package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.janus.JanusApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Resolution of Janus's ip/interface pair, and what start() says when it cannot bind. */
class ListenAddressTest {

    @Test
    void neitherIpNorInterfaceMeansLoopback() throws Exception {
        ListenAddress a = new ListenAddress(null, null, 8088);
        assertThat(a.ip()).isEqualTo("127.0.0.1");
        assertThat(a.resolve()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8088));
        assertThat(a.describe()).isEqualTo("127.0.0.1:8088");
    }

    @Test
    void wildcardsBindAllAsInJanus() throws Exception {
        assertThat(new ListenAddress("0.0.0.0", null, 1).resolve().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(new ListenAddress("::", null, 1).resolve().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(new ListenAddress("::1", null, 1).describe()).isEqualTo("[::1]:1");
    }

    @Test
    void interfaceAloneBindsItsFirstIpv4Address() throws Exception {
        assertThat(new ListenAddress(null, "lo", 0).resolve().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(new ListenAddress("127.0.0.1", "lo", 0).resolve().getAddress().getHostAddress())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void unknownInterfaceOrForeignIpIsRefused() {
        assertThatThrownBy(() -> new ListenAddress(null, "nosuchif0", 0).resolve())
                .isInstanceOf(UnknownHostException.class).hasMessage("no network interface named nosuchif0");
        assertThatThrownBy(() -> new ListenAddress("192.0.2.123", "lo", 0).resolve())
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("192.0.2.123 is not an address of network interface lo");
        assertThatThrownBy(() -> new ListenAddress("example.org", null, 0).resolve())
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("not a numeric");
    }

    @Test
    void startOnAnUnknownInterfaceFailsClearlyWithoutLeakingThreads() {
        JanusApi api = new FakeJanusApi();
        JanusHttpServer server = new JanusHttpServer(
                HttpTransportSettings.defaults().withListen(new ListenAddress(null, "nosuchif0", 0)), api);
        assertThatThrownBy(server::start).isInstanceOf(TransportStartException.class)
                .hasMessage("HTTP transport: cannot listen on nosuchif0:0: no network interface named nosuchif0");
        server.close();
        assertThat(JanusHttpServerTest.liveThreads("sfu-http")).isEmpty();
    }
}
