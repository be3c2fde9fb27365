package org.rtcsip.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
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
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;

/**
 * media-sidecar's bencode on a real request: the offer Kamailio 5.6.3 sent for a Chromium 156 call (1.9 KB,
 * SDP inside), from the shared ng fixture.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BencodeBench {
    private byte[] datagram;
    private int bodyOffset;
    private Object decoded;

    @Setup(Level.Trial)
    public void load() throws IOException, BencodeException {
        datagram = resource("/fixtures/kamailio-5.6.3-offer-chromium156.bencode");
        bodyOffset = indexOf(datagram, (byte) ' ') + 1; // after "<cookie> "
        decoded = Bencode.decode(datagram, bodyOffset, datagram.length - bodyOffset);
    }

    @Benchmark
    public Object decodeKamailioOffer() throws BencodeException {
        return Bencode.decode(datagram, bodyOffset, datagram.length - bodyOffset);
    }

    @Benchmark
    public byte[] encodeKamailioOffer() {
        return Bencode.encode(decoded);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BencodeBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("no cookie separator");
    }
}
