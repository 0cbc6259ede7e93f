package io.github.wildfiresfu.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time a process has used, from Linux's {@code /proc/<pid>/stat} (proc(5)): {@code utime}
 * plus {@code stime}, fields 14 and 15, in clock ticks of {@code sysconf(_SC_CLK_TCK)} (asked of
 * {@code getconf CLK_TCK} once; 100 on Linux x86). They cover every thread of the process,
 * including threads that have exited, and the kernel work its system calls do, such as the
 * loopback delivery of the datagrams it sends. The resolution is one tick (10 ms), so windows
 * should be seconds long.
 */
final class ProcessCpu {

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1) / clockTicksPerSecond();

    private ProcessCpu() {
    }

    /**
     * A process's CPU time so far, in nanoseconds.
     *
     * @param userNanos   in user space (utime)
     * @param systemNanos in the kernel on its behalf (stime): system calls, and for UDP the
     *                    network stack work they do
     */
    record Times(long userNanos, long systemNanos) {
        long totalNanos() {
            return userNanos + systemNanos;
        }
    }

    /**
     * The process's CPU time so far.
     *
     * @throws IOException if the process does not exist (any more) or the file is unreadable
     */
    static Times times(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("unexpected format of /proc/" + pid + "/stat");
        }
        String[] f = stat.substring(close + 2).split(" ");
        // f[0] is field 3 (state), so utime (14) is f[11] and stime (15) is f[12].
        if (f.length < 13) {
            throw new IOException("unexpected format of /proc/" + pid + "/stat: " + f.length + " fields after the name");
        }
        return new Times(Long.parseLong(f[11]) * TICK_NANOS, Long.parseLong(f[12]) * TICK_NANOS);
    }

    /**
     * CPU time the whole machine has been busy (every CPU's user, nice, system, irq, softirq and
     * steal time from the first line of {@code /proc/stat}), in nanoseconds. Compared with a
     * server's and the generator's own time over a window, it shows how much other processes
     * took: the noise of a measurement on a shared machine.
     */
    static long machineBusyNanos() throws IOException {
        return busyNanos("cpu");
    }

    /** Like {@link #machineBusyNanos()} for one CPU ({@code /proc/stat} line {@code cpu<n>}). */
    static long cpuBusyNanos(int cpu) throws IOException {
        return busyNanos("cpu" + cpu);
    }

    private static long busyNanos(String name) throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).stream()
                .filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new IOException("/proc/stat has no line " + name));
        String[] f = first.trim().split("\\s+");
        if (f.length < 9) {
            throw new IOException("unexpected line of /proc/stat: " + first);
        }
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        return busy * TICK_NANOS;
    }

    /**
     * CPU time per thread name of a process ({@code /proc/<pid>/task/<tid>/stat}), with digit runs
     * in names replaced by {@code N} so that pools add up ({@code sfu-media-N}, {@code GC Thread#N}).
     * Threads that exited are missing, so compare two readings only for long-lived threads.
     */
    static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> byName = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
                    long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
                    byName.merge(name, nanos, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread exited between the listing and the read: it no longer counts.
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return byName;
    }

    /**
     * The one CPU a process is pinned to ({@code Cpus_allowed_list} in {@code /proc/<pid>/status}
     * is a single number, as after {@code taskset -c N}), or -1 if it may run on several.
     */
    static int pinnedCpu(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    String list = line.substring(line.indexOf(':') + 1).trim();
                    return list.matches("[0-9]+") ? Integer.parseInt(list) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown: the caller reports no per-core noise.
        }
        return -1;
    }

    /** This JVM's process id. */
    static long self() {
        return ProcessHandle.current().pid();
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long ticks = Long.parseLong(out);
                if (ticks > 0) {
                    return ticks;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to Linux's USER_HZ, which is 100 on every architecture the JDK runs on here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
