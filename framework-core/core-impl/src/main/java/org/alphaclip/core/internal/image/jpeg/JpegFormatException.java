package org.alphaclip.core.internal.image.jpeg;

/**
 * A JPEG file this decoder (like libjpeg-turbo behind Pillow) cannot decode. The message completes the
 * sentence "{@code <file>: }", e.g. "is truncated or damaged: ...".
 */
public final class JpegFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean truncated;

    JpegFormatException(String message) {
        this(message, false);
    }

    private JpegFormatException(String message, boolean truncated) {
        super(message);
        this.truncated = truncated;
    }

    /** The data ends before the decoder has everything it needs. */
    static JpegFormatException truncated(String where) {
        return new JpegFormatException("is truncated or damaged: the JPEG data ends early (" + where + ")", true);
    }

    /** Whether the file ended early (rather than breaking the format). */
    boolean truncated() {
        return truncated;
    }

    /** The data breaks the format in a way libjpeg-turbo refuses too. */
    static JpegFormatException damaged(String what) {
        return new JpegFormatException("is damaged: " + what);
    }
}
