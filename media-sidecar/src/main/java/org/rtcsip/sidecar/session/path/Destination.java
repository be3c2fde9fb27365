package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

/** Where packets toward a party go right now: its latched address, or the ICE-selected one while consent lasts. */
public interface Destination {
    /** Null while unknown, on hold, or without consent. */
    InetSocketAddress current();
}
