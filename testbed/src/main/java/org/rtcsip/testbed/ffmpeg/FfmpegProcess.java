package org.rtcsip.testbed.ffmpeg;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;

/**
 * One bounded ffmpeg 5.1 run in a {@link Network}, as an Opus and G.711 implementation we did not write (libopus to
 * encode, ffmpeg's own decoders to decode): either sending a generated sine as Opus RTP, or receiving RTP described by an
 * SDP file into a WAV file. Every run has a length ({@code -t}) and is killed if it outlives it.
 */
public final class FfmpegProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final LoggedProcess process;
    private final Path dir;
    private final Path wav;

    private FfmpegProcess(LoggedProcess process, Path dir, Path wav) {
        this.process = process;
        this.dir = dir;
        this.wav = wav;
    }

    /**
     * How libopus is asked to encode, and the Opus modes (RFC 6716 §2.1.3, TOC configurations) it then sends for a
     * steady tone, as observed with ffmpeg 5.1 / libopus 1.3.
     */
    public enum Libopus {
        /** {@code -application voip -b:a 16000 -cutoff 8000}: SILK wideband only (config 9). */
        SILK_WIDEBAND("-application", "voip", "-b:a", "16000", "-cutoff", "8000"),
        /** {@code -application lowdelay -b:a 32000}: CELT only (configs 23, 27, 31). */
        CELT_LOWDELAY("-application", "lowdelay", "-b:a", "32000"),
        /**
         * {@code -application voip -b:a 32000}, fullband, as a browser sends speech: libopus starts in hybrid
         * fullband (config 15) and moves between hybrid, SILK and CELT as it analyses the signal.
         */
        VOIP_32K_FULLBAND("-application", "voip", "-b:a", "32000", "-cutoff", "20000");

        private final List<String> options;

        Libopus(String... options) {
            this.options = List.of(options);
        }
    }

    /**
     * Sends {@code length} of a sine at {@code frequency} (lavfi {@code sine}, -18 dBFS) as 20 ms mono Opus frames
     * (libopus with {@code settings}) in real time, RTP payload type 111 with SSRC {@code ssrc}, from
     * 127.0.0.1:{@code localPort} (RTCP from the port above) to {@code to}.
     */
    public static FfmpegProcess sendOpusSine(Network network, Path dir, int frequency, Libopus settings,
            Duration length, int localPort, InetSocketAddress to, int ssrc) {
        List<String> command = new ArrayList<>(List.of(Programs.ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "sine=frequency=" + frequency + ":sample_rate=48000:duration="
                        + seconds(length),
                "-ac", "1", "-c:a", "libopus"));
        command.addAll(settings.options);
        command.addAll(List.of("-vbr", "off", "-frame_duration", "20",
                "-f", "rtp", "-payload_type", "111", "-ssrc", Integer.toString(ssrc),
                "rtp://" + to.getAddress().getHostAddress() + ":" + to.getPort() + "?localrtpport=" + localPort
                        + "&localrtcpport=" + (localPort + 1) + "&localaddr=127.0.0.1"));
        return new FfmpegProcess(network.start("ffmpeg sender", command, createDirectories(dir),
                dir.resolve("ffmpeg-send.log")), dir, null);
    }

    /**
     * Receives the RTP that {@code sdp} describes (one m=audio line on 127.0.0.1:{@code port}) and writes the
     * first {@code length} of it as 16-bit mono WAV at {@code sampleRate}; returns once ffmpeg listens on the port.
     */
    public static FfmpegProcess receiveToWav(Network network, Path dir, String sdp, int port, int sampleRate,
            Duration length) {
        createDirectories(dir);
        Path sdpFile = dir.resolve("in.sdp");
        Path wav = dir.resolve("out.wav");
        try {
            Files.writeString(sdpFile, sdp, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + sdpFile, e);
        }
        List<String> command = List.of(Programs.ffmpeg().toString(),
                "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-protocol_whitelist", "file,udp,rtp", "-i", sdpFile.toString(),
                "-t", seconds(length), "-ac", "1", "-ar", Integer.toString(sampleRate), "-c:a", "pcm_s16le",
                "-bitexact", "-map_metadata", "-1", "-y", wav.toString());
        FfmpegProcess receiver = new FfmpegProcess(network.start("ffmpeg receiver", command, dir,
                dir.resolve("ffmpeg-receive.log")), dir, wav);
        receiver.awaitPortBound(network, port);
        return receiver;
    }

    private void awaitPortBound(Network network, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("ffmpeg exited before listening on " + port + "; " + describe());
            }
            if (network.udpBound(port)) {
                return; // ffmpeg holds the port
            }
            Poll.pause(20);
        }
        close();
        fail("ffmpeg did not listen on 127.0.0.1:" + port + " within " + READY_TIMEOUT.toSeconds() + " s; "
                + describe());
    }

    /** Waits for ffmpeg to finish by itself; its exit code, or -1 after {@code timeout} (then it is killed). */
    public int awaitExit(Duration timeout) {
        int exit = process.awaitExit(timeout);
        if (exit == -1) {
            process.stop(Duration.ofSeconds(2));
        }
        return exit;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Command, log file and the last lines ffmpeg wrote, for failure messages. */
    public String describe() {
        return process.describe() + "\n" + process.logTail(20);
    }

    public Path dir() {
        return dir;
    }

    /** The WAV a receiver wrote, decoded. */
    public Wav wav() {
        try {
            return Wav.parse(Files.readAllBytes(wav));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + wav, e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir, e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
