package org.rtcsip.ngwire;

/** The ng server answered {@code result: error} (or {@code load limit}); the message is its reason text. */
public final class NgRefusedException extends Exception {
    private final String result;

    public NgRefusedException(String result, String reason) {
        super(reason);
        this.result = result;
    }

    /** {@code error} or {@code load limit}. */
    public String result() {
        return result;
    }

    /** Reasons after which Kamailio tries the next node: the server is full, not broken (ng-protocol.md §1.3). */
    public boolean isCapacityLimit() {
        return result.equals("load limit") || "Ran out of ports".equals(getMessage())
                || "Parallel session limit reached".equals(getMessage());
    }
}
