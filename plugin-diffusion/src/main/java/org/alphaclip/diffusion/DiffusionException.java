package org.alphaclip.diffusion;

/** A generation that cannot run: an invalid argument (named in the message) or a failed inference. */
public class DiffusionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the problem. */
    public DiffusionException(String message) {
        super(message);
    }

    /** An exception with a message and its cause. */
    public DiffusionException(String message, Throwable cause) {
        super(message, cause);
    }
}
