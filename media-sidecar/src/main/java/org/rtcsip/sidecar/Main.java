package org.rtcsip.sidecar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.config.ConfigException;
import org.rtcsip.sidecar.config.PidFile;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.config.Startup;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.srtp.SrtpSuite;

import sun.misc.Signal;

/**
 * {@code java -jar media-sidecar.jar [rtpengine-style options]}. SIGTERM (and POST /drain) drains: no new calls,
 * the calls in progress are served until they end or {@code --drain-timeout}, then the process exits 0. SIGINT
 * stops at once, ending every call. SIGHUP (and POST /reload) reads dtls-cert and dtls-key again.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Startup startup;
        try {
            startup = SidecarConfig.parse(args);
        } catch (ConfigException e) {
            System.err.println("media-sidecar: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (startup instanceof Startup.PrintAndExit print) {
            System.out.print(print.text());
            System.exit(print.exitStatus());
            return;
        }
        SidecarConfig config = ((Startup.Run) startup).config();
        configureLogging(config.logLevel());
        Logger log = Logger.getLogger(Main.class.getName());
        config.warnings().forEach(log::warning);
        long pid = ProcessHandle.current().pid();
        Sidecar sidecar;
        try {
            if (config.pidFile().isPresent()) {
                PidFile.write(config.pidFile().get(), pid);
            }
            // jitsi-srtp picks its AES providers by benchmarking them on first use: pay that before the first call.
            SrtpSuite.prepareCiphers();
            sidecar = new Sidecar(config).start();
        } catch (IOException e) {
            System.err.println("media-sidecar: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (sidecar.drainPhase() != Drain.Phase.DONE) {
                log.info("stopping at once, ending " + sidecar.calls().size() + " calls");
            }
            sidecar.close();
            config.pidFile().ifPresent(p -> removePidFile(p, pid));
        }, "shutdown"));
        drainOnSigterm(sidecar, log);
        reloadOnSighup(sidecar, log);
        try {
            // whoever starts the drain (SIGTERM, POST /drain), the process ends with it
            Drain.Outcome outcome = sidecar.drained().get();
            log.fine("drain over: " + outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException impossible) {
            log.warning("drain: " + impossible.getCause());
        }
        System.exit(0);
    }

    /**
     * SIGTERM starts a drain instead of the JVM's shutdown (which would end every call, and exit 143). A second
     * SIGTERM changes nothing; SIGINT still stops at once.
     */
    private static void drainOnSigterm(Sidecar sidecar, Logger log) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                if (!sidecar.drain("SIGTERM")) {
                    log.info("SIGTERM: already draining, " + sidecar.calls().size() + " calls left, "
                            + sidecar.drainSecondsLeft() + " s to the drain timeout (SIGINT stops at once)");
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // e.g. java -Xrs: the JVM keeps SIGTERM to itself
            log.warning("cannot catch SIGTERM (" + e.getMessage() + "): SIGTERM stops at once; drain with "
                    + "sidecarctl drain (POST /drain) instead");
        }
    }

    /** SIGHUP reads dtls-cert/dtls-key again, as POST /reload does (the result is logged). */
    private static void reloadOnSighup(Sidecar sidecar, Logger log) {
        try {
            Signal.handle(new Signal("HUP"), signal -> sidecar.reloadCertificate("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.warning("cannot catch SIGHUP (" + e.getMessage() + "): reload the DTLS certificate with POST /reload");
        }
    }

    private static void removePidFile(Path path, long pid) {
        try {
            PidFile.removeIfOwnedBy(path, pid);
        } catch (IOException ignored) {
            // best effort on the way out
        }
    }

    /** One line per record on stderr, so systemd's journal and a terminal both read well. */
    static void configureLogging(Level level) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLineFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        Logger.getLogger("org.jitsi").setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
    }
}
