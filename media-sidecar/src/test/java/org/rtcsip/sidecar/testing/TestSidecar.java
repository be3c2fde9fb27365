package org.rtcsip.sidecar.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.Sidecar;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.testbed.ports.FreePorts;

/** An in-process sidecar on loopback with free ports, for tests; extra options are rtpengine-style flags. */
public final class TestSidecar implements AutoCloseable {
    public final Sidecar sidecar;
    public final InetSocketAddress ng;
    public final int portMin;
    public final int portMax;

    public TestSidecar(String... extraOptions) throws Exception {
        int ngPort = FreePorts.udp();
        int httpPort = FreePorts.tcp();
        // Above Linux's ephemeral range (32768-60999) and the test bed's FreePorts (20000-32767): no test socket
        // can be sitting on a media port the sidecar hands out.
        int min = 61000 + 2 * (int) (Math.random() * 1900);
        List<String> args = new ArrayList<>(List.of("--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort,
                "--listen-http=127.0.0.1:" + httpPort, "--port-min=" + min, "--port-max=" + (min + 199),
                "--num-threads=2", "--log-level=4", "--codec-warmup=0"));
        List<String> defaults = List.copyOf(args);
        for (String o : extraOptions) {
            // an extra option replaces the default of the same key; repeated extras (two --interface) all stay
            String key = o.contains("=") ? o.substring(0, o.indexOf('=') + 1) : o;
            args.removeIf(a -> a.startsWith(key) && defaults.contains(a));
            args.add(o);
        }
        SidecarConfig config = SidecarConfig.load(args.toArray(String[]::new));
        sidecar = new Sidecar(config).start();
        portMin = config.portMin();
        portMax = config.portMax();
        ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    /** An ng client as the tests use it: each request sent once, 3 s for its reply. */
    public NgClient ngClient() throws IOException {
        return new NgClient(ng, Duration.ofSeconds(3), 1);
    }

    public String http(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sidecar.httpAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** The value of an unlabelled Prometheus sample, e.g. {@code sidecar_ports_in_use}. */
    public double metric(String sample) throws IOException, InterruptedException {
        for (String line : http("/metrics").split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + sample);
    }

    @Override
    public void close() {
        sidecar.close();
    }
}
