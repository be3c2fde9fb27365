package org.rtcsip.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtcsip.sidecar.sdp.SdpParseException;
import org.rtcsip.sidecar.sdp.SessionDescription;

/** media-sidecar's SDP parser and writer on Chromium 156's real audio offer (1.5 KB, from the ng fixture). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SdpBench {
    private String offer;
    private SessionDescription parsed;

    @Setup(Level.Trial)
    public void load() throws IOException, SdpParseException {
        offer = new String(BencodeBench.resource("/fixtures/chromium156-offer.sdp"), StandardCharsets.UTF_8);
        parsed = SessionDescription.parse(offer);
        if (!parsed.write().equals(offer)) {
            throw new IllegalStateException("the parser does not write the offer back unchanged");
        }
    }

    @Benchmark
    public SessionDescription parseChromiumOffer() throws SdpParseException {
        return SessionDescription.parse(offer);
    }

    @Benchmark
    public String writeChromiumOffer() {
        return parsed.write();
    }

    @Benchmark
    public String parseAndWriteChromiumOffer() throws SdpParseException {
        return SessionDescription.parse(offer).write();
    }
}
