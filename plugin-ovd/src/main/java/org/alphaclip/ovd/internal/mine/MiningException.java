package org.alphaclip.ovd.internal.mine;

/** A mining run that cannot start or go on; the message says why and what to do, in sentences. */
public class MiningException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a user understands. */
    public MiningException(String message) {
        super(message);
    }

    /** Creates an exception with a message a user understands and its cause. */
    public MiningException(String message, Throwable cause) {
        super(message, cause);
    }
}
