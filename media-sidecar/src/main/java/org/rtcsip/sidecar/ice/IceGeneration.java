package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;

/**
 * One set of ICE credentials and what was learned under it: an ICE restart (RFC 8445 §9) starts a new
 * generation next to the old one, and the old one keeps answering until the new one is confirmed by a valid
 * check, so media never stops during the restart (the generation swap of Jitsi's IceTransport).
 */
final class IceGeneration {
    /** Remote addresses that passed a check, kept per generation; a ring so a noisy peer cannot grow it. */
    static final int MAX_VALID_REMOTES = 8;

    final IceCredentials local;
    final byte[] localKey;
    IceCredentials remote;
    byte[] remoteKey;
    /** A valid check (or, for full ICE, a valid response) used these credentials. */
    boolean confirmed;
    private final InetSocketAddress[] validRemotes = new InetSocketAddress[MAX_VALID_REMOTES];
    private int nextValid;

    IceGeneration(IceCredentials local) {
        this.local = local;
        this.localKey = local.key();
    }

    void setRemote(IceCredentials credentials) {
        remote = credentials;
        remoteKey = credentials == null ? null : credentials.key();
    }

    /**
     * RFC 8445 §7.3: USERNAME is "ourUfrag:theirUfrag"; the peer's half is only checked once we know it (a
     * check can arrive before the answer does).
     */
    boolean acceptsUsername(String username) {
        if (username == null) {
            return false;
        }
        int colon = local.ufrag().length();
        if (username.length() <= colon || username.charAt(colon) != ':' || !username.startsWith(local.ufrag())) {
            return false;
        }
        return remote == null || username.regionMatches(colon + 1, remote.ufrag(), 0, remote.ufrag().length())
                && username.length() == colon + 1 + remote.ufrag().length();
    }

    void addValidRemote(InetSocketAddress address) {
        if (isValidRemote(address)) {
            return;
        }
        validRemotes[nextValid] = address;
        nextValid = (nextValid + 1) % MAX_VALID_REMOTES;
    }

    boolean isValidRemote(InetSocketAddress address) {
        for (InetSocketAddress valid : validRemotes) {
            if (valid != null && valid.equals(address)) {
                return true;
            }
        }
        return false;
    }
}
