package org.alphaclip.mllm;

/** A generation that could not run: an invalid argument, or inference that failed; the message names which. */
public class GenerationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a user understands. */
    public GenerationException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
