package org.alphaclip.pointe;

/** Sampling could not run: the input does not fit the package, or inference failed. One sentence. */
public class PointeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public PointeException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public PointeException(String message, Throwable cause) {
        super(message, cause);
    }
}
