package org.alphaclip.api.image;

/** An image or mask file that cannot be used; the message names the file and the reason. */
public class InvalidImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the file. */
    public InvalidImageException(String message) {
        super(message);
    }

    /** Creates an exception with a message naming the file and its cause. */
    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
