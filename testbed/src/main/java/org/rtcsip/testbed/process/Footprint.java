package org.rtcsip.testbed.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a running process holds, read from outside as an operator would: open file descriptors and resident memory
 * from /proc, and for a JVM the heap still in use after a full collection ({@code jcmd GC.run}, then
 * {@code GC.heap_info}): a leak shows as live heap that grows from batch to batch, where RSS also moves with the
 * collector's sizing. Works for a process in another network namespace (jcmd attaches through /proc and /tmp).
 *
 * @param descriptors     entries of /proc/PID/fd
 * @param rssKilobytes    VmRSS of /proc/PID/status
 * @param liveHeapKilobytes the JVM heap used right after a full GC; -1 when not asked
 */
public record Footprint(long descriptors, long rssKilobytes, long liveHeapKilobytes) {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

    /** Descriptors and RSS only: cheap, nothing is asked of the process. */
    public static Footprint of(long pid) {
        return new Footprint(descriptors(pid), rss(pid), -1);
    }

    /** Descriptors, RSS and the live heap after a full GC that jcmd asks the JVM {@code pid} for (about a second). */
    public static Footprint ofJvm(long pid) {
        Path commands;
        try {
            commands = Files.createTempFile("jcmd-", ".txt");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a jcmd command file", e);
        }
        try {
            Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
            ShortCommand.Output out = ShortCommand.run(List.of(jcmd.toString(), Long.toString(pid), "-f",
                    commands.toString()), Duration.ofSeconds(30));
            Matcher m = HEAP_USED.matcher(out.text());
            if (out.exitCode() != 0 || !m.find()) {
                return fail("jcmd " + pid + " GC.run, GC.heap_info: exit " + out.exitCode() + "\n" + out.text());
            }
            long heap = Long.parseLong(m.group(1));
            return new Footprint(descriptors(pid), rss(pid), heap);
        } finally {
            try {
                Files.deleteIfExists(commands);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    private static long descriptors(long pid) {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/fd", e);
        }
    }

    private static long rss(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Paths.get("/proc/" + pid + "/status")));
            return m.find() ? Long.parseLong(m.group(1)) : fail("no VmRSS for pid " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/status", e);
        }
    }

    /** {@code 41 fds, RSS 212.3 MB, live heap 18.4 MB}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d fds, RSS %.1f MB%s", descriptors, rssKilobytes / 1024.0,
                liveHeapKilobytes < 0 ? "" : String.format(Locale.ROOT, ", live heap %.1f MB",
                        liveHeapKilobytes / 1024.0));
    }
}
