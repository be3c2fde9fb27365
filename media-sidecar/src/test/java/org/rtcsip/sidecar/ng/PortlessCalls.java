package org.rtcsip.sidecar.ng;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;

import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;
import org.rtcsip.sidecar.session.SignallingException;
import org.rtcsip.sidecar.session.SocketAllocator;
import org.rtcsip.sidecar.session.SocketPair;

/** A call registry on one loop whose port pool is empty: for ng tests that never reach media. */
final class PortlessCalls {
    private PortlessCalls() {
    }

    static CallRegistry registry() {
        SocketAllocator none = new SocketAllocator() {
            @Override
            public SocketPair allocate(MediaInterfaceAddress address) throws SignallingException {
                throw new SignallingException("Ran out of ports");
            }

            @Override
            public void release(SocketPair pair) {
            }
        };
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new CallRegistry(new MediaInterfaces(List.of(new MediaInterfaceAddress("default", lo, lo))), none,
                new RelayMetrics(), new SessionLimits(60, 0, 0, -1, 64), System::currentTimeMillis, 1,
                new SecureRandom());
    }
}
