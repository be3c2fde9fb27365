package org.rtcsip.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Readers of the Linux /proc files the benchmark samples (proc(5)). The parse methods take the file's text so
 * tests can feed them recorded contents; the read methods return -1 when the file or field is missing (the
 * process ended, or a kernel without smaps_rollup).
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    /**
     * utime + stime of a process in clock ticks, from the text of /proc/[pid]/stat. The command name (field 2)
     * may hold spaces and parentheses, so fields are counted from the last ')'.
     *
     * @throws IllegalArgumentException if the text is not a stat line
     */
    public static long parseCpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line: no ')' after the command name");
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // proc(5): field 3 is state, so field n sits at f[n - 3]; utime is field 14, stime field 15.
        if (f.length < 13) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line: " + f.length + " fields after ')'");
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A {@code Name:   123 kB} field of /proc/[pid]/status or smaps_rollup, in KiB; -1 if absent. */
    public static long parseKibField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] f = line.substring(name.length() + 1).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /**
     * The first ("cpu") line of /proc/stat as {busy, total, steal} in ticks. Busy is everything but idle and
     * iowait; steal (time a hypervisor gave our virtual CPU to someone else) is counted in busy and also apart.
     */
    public static long[] parseMachineTicks(String procStat) {
        String first = procStat.substring(0, procStat.indexOf('\n') < 0 ? procStat.length() : procStat.indexOf('\n'));
        String[] f = first.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 5) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + first);
        }
        long total = 0;
        // guest and guest_nice (fields 9, 10) are already inside user and nice.
        int fields = Math.min(f.length - 1, 8);
        for (int i = 1; i <= fields; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new long[] {total - idle, total, steal};
    }

    /**
     * utime + stime summed over every process now in /proc. Per-process times are exact (the kernel scales its
     * tick samples to the measured run time); /proc/stat's machine totals are tick samples only and under-read
     * loads that wake up in short bursts, such as a 20 ms media pacer. A process that exits between two readings
     * takes its time with it.
     */
    public static long allProcessesCpuTicks() {
        long sum = 0;
        try (var dir = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : dir) {
                try {
                    sum += parseCpuTicks(Files.readString(p.resolve("stat")));
                } catch (IOException | RuntimeException e) {
                    // gone since the listing
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    public static long cpuTicks(long pid) {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size (VmRSS) in KiB. */
    public static long rssKib(long pid) {
        return kibField(Path.of("/proc/" + pid + "/status"), "VmRSS");
    }

    /**
     * Proportional set size in KiB: like RSS, but a page mapped several times counts once. ZGC maps its heap
     * three times on Java 17, which triples VmRSS for heap pages; PSS does not.
     */
    public static long pssKib(long pid) {
        return kibField(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss");
    }

    public static long[] machineTicks() {
        try {
            return parseMachineTicks(Files.readString(Path.of("/proc/stat")));
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1, -1};
        }
    }

    private static long kibField(Path file, String name) {
        try {
            return parseKibField(Files.readString(file), name);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
