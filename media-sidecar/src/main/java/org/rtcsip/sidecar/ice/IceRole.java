package org.rtcsip.sidecar.ice;

/** RFC 8445 §6.1.1: the controlling agent nominates; the controlled agent follows. */
public enum IceRole {
    CONTROLLING,
    CONTROLLED
}
