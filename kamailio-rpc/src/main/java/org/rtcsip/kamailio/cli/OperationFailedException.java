package org.rtcsip.kamailio.cli;

/**
 * Kamailio answered, but what the operator asked for did not happen (an ng server that did not
 * answer the ping Kamailio sends before enabling it; a statistics group Kamailio does not have).
 * Exit code 1, like a Kamailio fault.
 */
final class OperationFailedException extends RuntimeException {

    OperationFailedException(String message) {
        super(message);
    }
}
