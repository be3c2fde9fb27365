package org.rtcsip.sidecar.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/** {@link Poll#until} for conditions on sidecar processes: a timeout fails with the tail of each one's log. */
final class SidecarPoll {
    private SidecarPoll() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, SidecarProcess... sidecars) {
        Poll.until(what, timeout, condition, () -> {
            StringBuilder logs = new StringBuilder();
            for (SidecarProcess sidecar : sidecars) {
                logs.append("\n--- sidecar ").append(sidecar.name()).append('\n').append(sidecar.logTail(15));
            }
            return logs.toString();
        });
    }
}
