package org.rtcsip.sidecar.it;

import java.io.IOException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.rtcsip.sidecar.testing.TestSidecar;
import org.rtcsip.testbed.ng.NgMediaServer;
import org.rtcsip.testbed.ng.NgPorts;

/** media-sidecar started in the test's JVM, with its log lines kept for diagnostics. */
final class InProcessSidecar implements NgMediaServer {
    final TestSidecar sidecar;
    private final StringBuffer log = new StringBuffer();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage())
                    .append('\n');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    InProcessSidecar(String... options) throws Exception {
        Logger.getLogger("org.rtcsip").addHandler(capture);
        sidecar = new TestSidecar(options);
    }

    @Override
    public NgPorts ports() {
        return new NgPorts(sidecar.ng.getPort(), sidecar.portMin, sidecar.portMax);
    }

    @Override
    public String logText() {
        try {
            return log + "\n--- /metrics\n" + sidecar.http("/metrics");
        } catch (IOException | InterruptedException e) {
            return log + "\n(/metrics unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        sidecar.close();
        Logger.getLogger("org.rtcsip").removeHandler(capture);
    }
}
