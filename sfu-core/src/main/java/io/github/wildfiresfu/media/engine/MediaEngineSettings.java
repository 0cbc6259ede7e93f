package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.routing.TestFaults;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link MediaEngine} is built from. The launcher fills it from janus.jcfg
 * ({@code media.rtp_port_range}, {@code media.dtls_mtu}, {@code media.dtls_timeout},
 * {@code media.min_nack_queue}, the {@code nat} section through
 * {@link io.github.wildfiresfu.media.ice.HostAddressSelector}, {@code certificates}); tests build
 * it directly. Immutable.
 *
 * @param portMin               lowest UDP port of {@code rtp_port_range}
 * @param portMax               highest UDP port of {@code rtp_port_range}
 * @param addresses             the host addresses we gather candidates on and what each is
 *                              advertised as ({@code nat_1_1_mapping}); at least one
 * @param certificate           the DTLS identity whose fingerprint goes into every SDP
 * @param dtlsMtu               largest DTLS datagram ({@code dtls_mtu})
 * @param dtlsRetransmitTimeout first DTLS retransmission timeout ({@code dtls_timeout})
 * @param dtlsHandshakeTimeout  how long a started DTLS handshake may take before the
 *                              PeerConnection is hung up with "DTLS timeout"
 * @param ice                   ICE-lite timeouts: consent expiry and "no check at all"
 * @param mediaLoops            Netty event loops for media (rooms are spread over them)
 * @param dtlsThreads           handshake pool size (a handshake holds a thread for about two
 *                              round trips, see {@link io.github.wildfiresfu.media.dtls})
 * @param retransmissionWindow  how long sent video packets stay available for NACK answers
 *                              ({@code min_nack_queue}, at least)
 * @param nativeTransport       use Netty's epoll transport when its native library loads
 * @param noMediaTimer          silence after which a publisher stream is reported as not receiving
 *                              ({@code no_media_timer}; zero: never)
 * @param testFaults            TEST ONLY: loss injected toward subscribers, NACK answers off
 *                              ({@link TestFaults#NONE} unless a test asks for them)
 * @param singlePort            single-port mode ({@code media.single_port}, a Wildfire key): every
 *                              PeerConnection shares this one UDP port, demultiplexed by ICE ufrag
 *                              then remote address ({@link io.github.wildfiresfu.media.transport.SharedUdpPort});
 *                              0 (default): a port per PeerConnection from the port range
 * @param slowLinkThreshold     lost (publisher) or NACKed (subscriber) packets per second of a
 *                              stream that make a {@code slowlink} report ({@code slowlink_threshold});
 *                              0 (Janus's default): no reports
 * @param transportCcPeriod     how often publishers get transport-cc feedback ({@code twcc_period})
 */
public record MediaEngineSettings(int portMin, int portMax, List<HostAddress> addresses, DtlsCertificate certificate,
        int dtlsMtu, Duration dtlsRetransmitTimeout, Duration dtlsHandshakeTimeout, IceLiteConfig ice, int mediaLoops,
        int dtlsThreads, Duration retransmissionWindow, boolean nativeTransport, Duration noMediaTimer,
        TestFaults testFaults, int singlePort, int slowLinkThreshold, Duration transportCcPeriod) {

    /** Janus's default {@code rtp_port_range}. */
    public static final int DEFAULT_PORT_MIN = 20000;
    /** Janus's default {@code rtp_port_range}. */
    public static final int DEFAULT_PORT_MAX = 40000;
    /** Default handshake pool size. */
    public static final int DEFAULT_DTLS_THREADS = 4;
    /** Default retransmission window; Janus's {@code min_nack_queue} default is 200 ms. */
    public static final Duration DEFAULT_RETRANSMISSION_WINDOW = Duration.ofMillis(1000);

    /** Checks the values. */
    public MediaEngineSettings {
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("rtp_port_range " + portMin + "-" + portMax
                    + " must satisfy 1 <= min <= max <= 65535");
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no host address to gather candidates on: check ice_enforce_list and"
                    + " ice_ignore_list against the machine's interfaces");
        }
        Objects.requireNonNull(certificate, "certificate");
        if (dtlsMtu < DtlsConfig.MIN_MTU || dtlsMtu > DtlsConfig.MAX_MTU) {
            throw new IllegalArgumentException("dtls_mtu " + dtlsMtu + " is outside " + DtlsConfig.MIN_MTU + "-"
                    + DtlsConfig.MAX_MTU);
        }
        Objects.requireNonNull(dtlsRetransmitTimeout, "dtlsRetransmitTimeout");
        Objects.requireNonNull(dtlsHandshakeTimeout, "dtlsHandshakeTimeout");
        Objects.requireNonNull(ice, "ice");
        if (mediaLoops < 1 || mediaLoops > 256) {
            throw new IllegalArgumentException("media loops must be 1..256, got " + mediaLoops);
        }
        if (dtlsThreads < 1 || dtlsThreads > 256) {
            throw new IllegalArgumentException("DTLS threads must be 1..256, got " + dtlsThreads);
        }
        Objects.requireNonNull(retransmissionWindow, "retransmissionWindow");
        Objects.requireNonNull(testFaults, "testFaults");
        if (retransmissionWindow.isNegative()) {
            throw new IllegalArgumentException("retransmission window must not be negative: " + retransmissionWindow);
        }
        Objects.requireNonNull(noMediaTimer, "noMediaTimer");
        if (noMediaTimer.isNegative()) {
            throw new IllegalArgumentException("no_media_timer must not be negative: " + noMediaTimer);
        }
        if (singlePort < 0 || singlePort > 65535) {
            throw new IllegalArgumentException("single_port must be 0 (off) or 1..65535, got " + singlePort);
        }
        if (slowLinkThreshold < 0) {
            throw new IllegalArgumentException("slowlink_threshold must not be negative: " + slowLinkThreshold);
        }
        Objects.requireNonNull(transportCcPeriod, "transportCcPeriod");
        if (transportCcPeriod.isNegative() || transportCcPeriod.isZero()) {
            throw new IllegalArgumentException("twcc_period must be positive: " + transportCcPeriod);
        }
    }

    /**
     * Janus's defaults around the given addresses and certificate: ports 20000-40000, dtls_mtu
     * 1200, 1 s DTLS retransmission, 30 s handshake timeout, ICE consent per RFC 7675, one media
     * loop per core; transport-cc feedback every 100 ms (libwebrtc's receivers' interval; Janus's
     * {@code twcc_period} default is 200 ms).
     */
    public static MediaEngineSettings defaults(List<HostAddress> addresses, DtlsCertificate certificate) {
        return new MediaEngineSettings(DEFAULT_PORT_MIN, DEFAULT_PORT_MAX, addresses, certificate, DtlsConfig.DEFAULT_MTU,
                DtlsConfig.DEFAULT_RETRANSMIT_TIMEOUT, DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT, IceLiteConfig.DEFAULT,
                Runtime.getRuntime().availableProcessors(), DEFAULT_DTLS_THREADS, DEFAULT_RETRANSMISSION_WINDOW, true,
                Duration.ofSeconds(1), TestFaults.NONE, 0, 0,
                RoomRouter.DEFAULT_TRANSPORT_CC_PERIOD);
    }

    /** These settings with another port range. */
    public MediaEngineSettings withPortRange(int min, int max) {
        return new MediaEngineSettings(min, max, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with another DTLS MTU and first retransmission timeout. */
    public MediaEngineSettings withDtls(int mtu, Duration retransmitTimeout, Duration handshakeTimeout) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, mtu, retransmitTimeout,
                handshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with other ICE-lite timeouts. */
    public MediaEngineSettings withIce(IceLiteConfig iceConfig) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, iceConfig, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with other thread counts. */
    public MediaEngineSettings withThreads(int loops, int handshakeThreads) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, loops, handshakeThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with another retransmission window. */
    public MediaEngineSettings withRetransmissionWindow(Duration window) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, window, nativeTransport, noMediaTimer, testFaults,
                singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with another {@code no_media_timer} (zero: no "not receiving" reports). */
    public MediaEngineSettings withNoMediaTimer(Duration timer) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, timer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with the epoll transport allowed or not (NIO otherwise). */
    public MediaEngineSettings withNativeTransport(boolean allowed) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, allowed, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** TEST ONLY: these settings with injected faults (see {@link TestFaults}). */
    public MediaEngineSettings withTestFaults(TestFaults faults) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                faults, singlePort, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with single-port mode on {@code port} (0: off, a port per PeerConnection). */
    public MediaEngineSettings withSinglePort(int port) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, port, slowLinkThreshold, transportCcPeriod);
    }

    /** These settings with another {@code slowlink_threshold} (packets per second; 0: off). */
    public MediaEngineSettings withSlowLinkThreshold(int threshold) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, threshold, transportCcPeriod);
    }

    /** These settings with another transport-cc feedback period ({@code twcc_period}). */
    public MediaEngineSettings withTransportCcPeriod(Duration period) {
        return new MediaEngineSettings(portMin, portMax, addresses, certificate, dtlsMtu, dtlsRetransmitTimeout,
                dtlsHandshakeTimeout, ice, mediaLoops, dtlsThreads, retransmissionWindow, nativeTransport, noMediaTimer,
                testFaults, singlePort, slowLinkThreshold, period);
    }

    /**
     * Where each transport's socket binds: the one local address when all candidates share it
     * (replies then leave from the address the browser checks, as ICE needs), else the wildcard
     * address (IPv6 {@code ::}, dual stack, if any address is IPv6), leaving the source address to
     * the kernel's routing.
     */
    public InetAddress bindAddress() {
        Set<InetAddress> local = new LinkedHashSet<>();
        boolean v6 = false;
        for (HostAddress a : addresses) {
            local.add(a.localAddress());
            v6 |= a.localAddress() instanceof Inet6Address;
        }
        if (local.size() == 1) {
            return local.iterator().next();
        }
        return new InetSocketAddress(v6 ? "::" : "0.0.0.0", 0).getAddress();
    }
}
