package org.rtcsip.ngwire;

/** Malformed bencode; the message says what and where, and is what an ng client gets back. */
public final class BencodeException extends Exception {
    public BencodeException(String message) {
        super(message);
    }
}
