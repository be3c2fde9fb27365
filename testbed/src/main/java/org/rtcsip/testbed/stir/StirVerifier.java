package org.rtcsip.testbed.stir;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.LoggedProcess;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.tls.GeneratedCertificates;

/**
 * The trunk side of STIR/SHAKEN in a {@link Network}: secsipidx (Debian's, the asipto reference implementation, not
 * Kamailio's module) as an HTTP service on 127.0.0.1 that serves the STI-SP certificate chain at
 * {@link #certificateUrl()} (the URL a signer puts in the PASSporT's x5u and the header's info=, RFC 8224 §7.4) and
 * verifies Identity header values posted to it: it downloads the certificate the header names, checks its chain to
 * the test STI-CA root through the intermediate and its validity dates ({@code -cert-verify 13}), the ES256
 * signature over header and payload (RFC 8225) and the age of iat.
 */
public final class StirVerifier implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final String CHAIN = "stir-chain.pem";
    /** secsipidx -cert-verify bits: 1 validity dates, 4 root CAs of -ca-file, 8 intermediates of -ca-inter. */
    private static final String CERT_VERIFY = "13";

    private final Network network;
    private final LoggedProcess process;
    private final int port;

    private StirVerifier(Network network, LoggedProcess process, int port) {
        this.network = network;
        this.process = process;
        this.port = port;
    }

    /** Starts the verifier in {@code network}, serving and trusting the STIR/SHAKEN chain of {@code certs}. */
    public static StirVerifier start(Network network, GeneratedCertificates certs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("stir-");
            Path pub = Files.createDirectories(dir.resolve("pub"));
            Files.copy(certs.stirChain(), pub.resolve(CHAIN));
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the STIR certificate repository", e);
        }
        int port = FreePorts.tcp();
        List<String> command = List.of(Programs.secsipidx().toString(),
                "-http-srv", "127.0.0.1:" + port,
                "-http-dir", dir.resolve("pub").toString(),
                "-expire", "60",
                "-timeout", "3",
                "-cert-verify", CERT_VERIFY,
                "-ca-file", certs.stirRoot().toString(),
                "-ca-inter", certs.stirIntermediate().toString());
        LoggedProcess process = network.start("secsipidx verifier", command, dir, dir.resolve("secsipidx.log"));
        StirVerifier verifier = new StirVerifier(network, process, port);
        Poll.until("secsipidx listening on 127.0.0.1:" + port, READY_TIMEOUT, () -> {
            if (!process.isAlive()) {
                fail("secsipidx exited during startup; " + process.describe() + "\n" + process.logTail(20));
            }
            return network.tcpListening(port);
        }, () -> "\n" + process.describe() + "\n" + process.logTail(20));
        return verifier;
    }

    /** Where the STI-SP certificate and its intermediate are served: the x5u a signer must use. */
    public String certificateUrl() {
        return "http://127.0.0.1:" + port + "/v1/pub/" + CHAIN;
    }

    /**
     * Verifies an Identity header value ({@code <JWS>;info=<URL>;alg=ES256;ppt=shaken}); the verdict holds what
     * secsipidx answered and logged.
     */
    public Verdict check(String identity) {
        int logged = process.logText().length();
        Network.HttpReply reply = network.http("POST", port, "/v1/check", identity, Duration.ofSeconds(10));
        String log = process.logText();
        return new Verdict(reply.statusCode() == 200 && reply.body().strip().equals("OK"),
                reply.statusCode() + " " + reply.body().strip() + "; secsipidx: "
                        + log.substring(Math.min(logged, log.length())).strip());
    }

    /** Whether secsipidx found the Identity valid, and why. */
    public record Verdict(boolean valid, String explanation) {
    }

    public String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
