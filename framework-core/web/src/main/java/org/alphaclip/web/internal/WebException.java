package org.alphaclip.web.internal;

/** A request the page refuses: the HTTP status and the sentence the user sees. */
final class WebException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    int status() {
        return status;
    }
}
