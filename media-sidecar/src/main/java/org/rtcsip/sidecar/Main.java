package org.rtcsip.sidecar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.config.ConfigException;
import org.rtcsip.sidecar.config.PidFile;
import org.rtcsip.sidecar.config.SidecarConfig;
import org.rtcsip.sidecar.config.Startup;
import org.rtcsip.sidecar.srtp.SrtpSuite;

/** {@code java -jar media-sidecar.jar [rtpengine-style options]}: runs until SIGTERM/SIGINT. */
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            sidecar.close();
            config.pidFile().ifPresent(p -> removePidFile(p, pid));
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
