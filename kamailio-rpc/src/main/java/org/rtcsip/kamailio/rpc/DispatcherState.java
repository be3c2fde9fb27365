package org.rtcsip.kamailio.rpc;

/** The states {@code dispatcher.set_state} sets (first letter of the dispatcher FLAGS). */
public enum DispatcherState {
    ACTIVE("a"), INACTIVE("i"), TRYING("t"), DISABLED("d");

    private final String letter;

    DispatcherState(String letter) {
        this.letter = letter;
    }

    /** The letter dispatcher.set_state takes; {@code p} is appended for probing. */
    String letter(boolean probing) {
        return probing ? letter + "p" : letter;
    }

    static DispatcherState fromFlag(char flag) {
        switch (Character.toUpperCase(flag)) {
            case 'A':
                return ACTIVE;
            case 'I':
                return INACTIVE;
            case 'T':
                return TRYING;
            case 'D':
                return DISABLED;
            default:
                throw new IllegalArgumentException("unknown dispatcher state letter '" + flag + "'");
        }
    }
}
