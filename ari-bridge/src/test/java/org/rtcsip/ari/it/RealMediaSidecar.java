package org.rtcsip.ari.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.rtcsip.ari.sidecar.NgClient;
import org.rtcsip.ari.sidecar.NgException;
import org.rtcsip.ari.sidecar.NgMediaSidecar;

/**
 * A real media-sidecar process (its jar named by {@code -Dari.media-sidecar.jar=PATH}) on ng 127.0.0.1:2223, for
 * runs that check ari-bridge against media-sidecar's own ng {@code external media} instead of the stand-in.
 */
final class RealMediaSidecar implements MediaSide {
    static final String JAR_PROPERTY = "ari.media-sidecar.jar";
    private final Process process;
    private final NgMediaSidecar ng = new NgMediaSidecar(new NgClient(new InetSocketAddress("127.0.0.1",
            MediaStandIn.NG_PORT)));
    private final HttpClient http = HttpClient.newHttpClient();

    RealMediaSidecar(String jar) throws Exception {
        Path log = Files.createTempFile("media-sidecar", ".log");
        process = new ProcessBuilder("java", "-jar", jar, "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + MediaStandIn.NG_PORT, "--listen-http=127.0.0.1:2225", "--port-min=30000",
                "--port-max=30999", "--num-threads=2", "--codec-warmup=0", "--foreground")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                ng.calls();
                return;
            } catch (NgException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("media-sidecar did not answer ng: " + Files.readString(log));
                }
            }
        }
    }

    private double metric(String prefix) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:2225/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public int calls() throws Exception {
        return ng.calls().size();
    }

    @Override
    public long framesRelayed() throws Exception {
        return (long) metric("sidecar_forwarded_packets_total");
    }

    @Override
    public long deletes() throws Exception {
        return (long) metric("sidecar_ng_requests_total{command=\"delete\"");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
