package org.rtcsip.testbed.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr go to one log file. Stopping sends SIGTERM, waits a bounded grace period,
 * then kills the process and every descendant it left (Kamailio forks its workers, the softphone driver starts
 * Chromium), so a failed test never leaves a daemon holding a port.
 */
public final class LoggedProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;

    private LoggedProcess(String name, List<String> command, Process process, Path log) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir}, its output to {@code log}, its input from /dev/null. */
    public static LoggedProcess start(String name, List<String> command, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new LoggedProcess(name, List.copyOf(command), builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Everything the process wrote so far. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        String[] all = logText().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }

    /** Waits for the process to exit by itself; -1 if it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, {@code grace} to exit, then SIGKILL to whatever is left; returns the exit code. */
    public int stop(Duration grace) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.destroy();
        int exit = awaitExit(grace);
        if (exit == -1 && process.isAlive()) {
            process.destroyForcibly();
            exit = awaitExit(Duration.ofSeconds(5));
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        return exit;
    }

    /** SIGKILL, as a crash ends a process, and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    /** SIGTERM only, without waiting (a sidecar drains on it). */
    public void sigterm() {
        process.destroy();
    }

    /** Runs {@code action} when the process has ended. */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Name, pid, log file and command line, for failure messages. */
    public String describe() {
        return name + " (pid " + process.pid() + ", log " + log + "): " + String.join(" ", command);
    }

    /** Stops the process if it still runs: SIGTERM, 5 s, SIGKILL. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(5));
        }
    }
}
