package io.github.wildfiresfu.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where datagrams were lost inside the kernel, from Linux's per-socket counters in
 * {@code /proc/net/udp} and {@code /proc/net/udp6} (proc(5): the last column, {@code drops}, counts
 * datagrams a socket's full receive buffer refused) and the namespace's {@code SndbufErrors} in
 * {@code /proc/net/snmp}. Both are per network namespace, so inside the comparison's private
 * namespace the sockets that are not the generator's are the server's.
 *
 * @param dropsByPort receive-buffer drops per local UDP port
 * @param sendBufferErrors datagrams the namespace failed to send for lack of send buffer
 */
record UdpDrops(Map<Integer, Long> dropsByPort, long sendBufferErrors) {

    /** Reads the counters now. */
    static UdpDrops read() throws IOException {
        Map<Integer, Long> drops = new HashMap<>();
        for (String file : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p, StandardCharsets.US_ASCII);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 13) {
                    continue;
                }
                // local_address is HEXIP:HEXPORT.
                int colon = f[1].lastIndexOf(':');
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                drops.merge(port, Long.parseLong(f[f.length - 1]), Long::sum);
            }
        }
        return new UdpDrops(drops, readSendBufferErrors());
    }

    private static long readSendBufferErrors() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"), StandardCharsets.US_ASCII);
        String[] names = null;
        for (String line : lines) {
            if (!line.startsWith("Udp: ")) {
                continue;
            }
            String[] f = line.substring(5).trim().split("\\s+");
            if (names == null) {
                names = f;
            } else {
                for (int i = 0; i < names.length && i < f.length; i++) {
                    if (names[i].equals("SndbufErrors")) {
                        return Long.parseLong(f[i]);
                    }
                }
            }
        }
        return 0;
    }

    /** Drops since {@code before} on the given ports (sockets that exist in both readings). */
    long dropsSince(UdpDrops before, Set<Integer> ports) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : dropsByPort.entrySet()) {
            Long was = before.dropsByPort.get(e.getKey());
            if (was != null && ports.contains(e.getKey())) {
                sum += e.getValue() - was;
            }
        }
        return sum;
    }

    /** Drops since {@code before} on every port but the given ones. */
    long dropsSinceExcept(UdpDrops before, Set<Integer> ports) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : dropsByPort.entrySet()) {
            Long was = before.dropsByPort.get(e.getKey());
            if (was != null && !ports.contains(e.getKey())) {
                sum += e.getValue() - was;
            }
        }
        return sum;
    }
}
