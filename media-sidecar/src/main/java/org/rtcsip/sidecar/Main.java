package org.rtcsip.sidecar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.config.ConfigException;
import org.rtcsip.sidecar.config.PidFile;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.config.Startup;
import org.rtcsip.sidecar.logging.LogLevels;
import org.rtcsip.sidecar.ops.Drain;
import org.rtcsip.sidecar.srtp.SrtpSuite;

import sun.misc.Signal;

/**
 * {@code java -jar media-sidecar.jar [rtpengine-style options]}. SIGTERM (and POST /drain) drains: no new calls,
 * the calls in progress are served until they end or {@code --drain-timeout}, then the process exits 0. A second
 * SIGTERM (exit 143) or SIGINT (exit 130) stops at once, ending every call. SIGUSR1 toggles debug logging. SIGHUP
 * (and POST /reload) reads dtls-cert and dtls-key again.
 */
public final class Main {
    /** 128 + the signal number, as a shell reports a process the signal ended. */
    private static final int EXIT_SIGTERM = 143;
    private static final int EXIT_SIGINT = 130;
    private static volatile boolean stoppingAtOnce;

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
        LogLevels.install(config.logLevel());
        Logger log = Logger.getLogger(Main.class.getName());
        config.warnings().forEach(log::warning);
        long pid = ProcessHandle.current().pid();
        Sidecar sidecar;
        try {
            if (config.pidFile().isPresent()) {
                PidFile.write(config.pidFile().get(), pid);
            }
            // binds every socket first: a port in use or an address not on this host is said before anything else
            sidecar = new Sidecar(config);
            // jitsi-srtp picks its AES providers by benchmarking them on first use: pay that before the first call.
            SrtpSuite.prepareCiphers();
            sidecar.start();
        } catch (IOException e) {
            System.err.println("media-sidecar: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException | Error e) {
            // a bug, not the operator's doing: the stack trace for the report, then the one line
            log.log(Level.SEVERE, "start-up failed", e);
            System.err.println("media-sidecar: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (sidecar.drainPhase() != Drain.Phase.DONE && !stoppingAtOnce) {
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
     * SIGTERM during the drain, or SIGINT at any time, stops at once: an operator who asks twice (or a supervisor
     * out of patience) must not have to reach for SIGKILL, which skips closing the sockets and the pid file.
     */
    private static void drainOnSigterm(Sidecar sidecar, Logger log) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                if (!sidecar.drain("SIGTERM")) {
                    stopAtOnce(sidecar, log, "SIGTERM again while draining", EXIT_SIGTERM);
                }
            });
            Signal.handle(new Signal("INT"), signal -> stopAtOnce(sidecar, log, "SIGINT", EXIT_SIGINT));
            Signal.handle(new Signal("USR1"), signal -> sidecar.logLevels().toggleDebug("SIGUSR1"));
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

    /** Exits now (the shutdown hook closes the sidecar, ending its calls), with the shell's code for the signal. */
    private static void stopAtOnce(Sidecar sidecar, Logger log, String why, int status) {
        int calls = sidecar.calls().size();
        log.warning(why + ": stopping at once, ending " + calls + (calls == 1 ? " call" : " calls"));
        stoppingAtOnce = true;
        System.exit(status);
    }

    private static void removePidFile(Path path, long pid) {
        try {
            PidFile.removeIfOwnedBy(path, pid);
        } catch (IOException ignored) {
            // best effort on the way out
        }
    }
}
