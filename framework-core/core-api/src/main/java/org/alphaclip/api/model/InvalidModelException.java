package org.alphaclip.api.model;

/** A model package that cannot be used; the message names the file and what is wrong with it. */
public class InvalidModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the package and the problem. */
    public InvalidModelException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
