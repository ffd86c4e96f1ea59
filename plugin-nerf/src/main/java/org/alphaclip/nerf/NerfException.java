package org.alphaclip.nerf;

/** A text-to-3D run or render that cannot go on; the message says why in one line. */
public class NerfException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public NerfException(String message) {
        super(message);
    }

    /** With a message and its cause. */
    public NerfException(String message, Throwable cause) {
        super(message, cause);
    }
}
