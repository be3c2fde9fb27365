package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;
import java.util.Arrays;

/** A local host candidate with a remote candidate, and the state of checking it (RFC 8445 §6.1.2.6). */
final class CandidatePair {
    enum State { FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

    /** Transactions of this pair whose responses we still take: the current one and cancelled ones (§7.3.1.4). */
    private static final int REMEMBERED_TRANSACTIONS = 4;

    final InetSocketAddress local;
    final long localPriority;
    final InetSocketAddress remote;
    final long remotePriority;
    final String foundation;
    final IceGeneration generation;
    long priority;
    State state = State.FROZEN;
    /** The controlling agent asked for it with USE-CANDIDATE and both directions work (§7.3.1.5, §8.1.1). */
    boolean nominated;
    /** Controlled: USE-CANDIDATE arrived before our own check succeeded; nominate when it does. */
    boolean nominateOnSuccess;
    /** The check in flight carries USE-CANDIDATE (controlling agent nominating). */
    boolean checkCarriesUseCandidate;
    /** Retransmission of the check in flight. */
    int transmissions;
    long initialRtoNanos;
    long rtoNanos;
    long nextTransmitNanos;
    boolean retransmitting;
    /** The role attribute the last sent check carried, to read a 487 answer (RFC 8445 §7.2.5.1). */
    boolean sentControlling;
    private final byte[][] transactions = new byte[REMEMBERED_TRANSACTIONS][];
    private int nextTransaction;

    CandidatePair(InetSocketAddress local, long localPriority, InetSocketAddress remote, long remotePriority,
            String foundation, IceGeneration generation) {
        this.local = local;
        this.localPriority = localPriority;
        this.remote = remote;
        this.remotePriority = remotePriority;
        this.foundation = foundation;
        this.generation = generation;
    }

    void computePriority(IceRole role) {
        priority = role == IceRole.CONTROLLING ? CandidatePriority.pair(localPriority, remotePriority)
                : CandidatePriority.pair(remotePriority, localPriority);
    }

    byte[] currentTransaction() {
        return transactions[(nextTransaction + REMEMBERED_TRANSACTIONS - 1) % REMEMBERED_TRANSACTIONS];
    }

    void startTransaction(byte[] transactionId) {
        transactions[nextTransaction] = transactionId;
        nextTransaction = (nextTransaction + 1) % REMEMBERED_TRANSACTIONS;
    }

    boolean ownsTransaction(byte[] transactionId) {
        for (byte[] mine : transactions) {
            if (mine != null && Arrays.equals(mine, transactionId)) {
                return true;
            }
        }
        return false;
    }

    boolean isCurrentTransaction(byte[] transactionId) {
        byte[] current = currentTransaction();
        return current != null && Arrays.equals(current, transactionId);
    }

    boolean isPending() {
        return state == State.FROZEN || state == State.WAITING || state == State.IN_PROGRESS;
    }

    @Override
    public String toString() {
        return local + " -> " + remote + " " + state + (nominated ? " nominated" : "");
    }
}
