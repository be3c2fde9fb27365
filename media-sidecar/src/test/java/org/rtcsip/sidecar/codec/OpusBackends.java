package org.rtcsip.sidecar.codec;

import java.util.stream.Stream;

/**
 * The Opus backends the codec tests run against. libopus must load: CI installs libopus0 (deploy/install-deps.sh),
 * and on a machine without it {@link OpusCodecs#libopus()} throws, naming why, so these tests fail instead of
 * quietly testing Concentus alone.
 */
final class OpusBackends {
    private OpusBackends() {
    }

    /** Concentus and libopus, in that order; each prints as its name and version in test reports. */
    static Stream<OpusCodecs> both() {
        return Stream.of(OpusCodecs.concentus(), OpusCodecs.libopus());
    }
}
