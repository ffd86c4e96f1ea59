package org.alphaclip.api;

/**
 * A request the encoder cannot serve: bad input (the message names it and says what would be right),
 * a rejected request under load, or a failure of the model.
 */
public class EncoderException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a user understands. */
    public EncoderException(String message) {
        super(message);
    }

    /** Creates an exception with a message a user understands and its cause. */
    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
