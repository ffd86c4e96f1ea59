package org.alphaclip.core.internal.image.webp;

/** A WebP file this decoder cannot decode; the message completes the sentence "{@code <file>: }". */
public final class WebPFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    WebPFormatException(String message) {
        super(message);
    }

    static WebPFormatException truncated() {
        return new WebPFormatException("is truncated or damaged: the WebP data ends early");
    }

    static WebPFormatException damaged(String what) {
        return new WebPFormatException("is damaged: " + what);
    }
}
