package org.alphaclip.api.session;

/** A session request that failed; {@link #reason()} tells callers whether retrying can help. */
public class SessionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The model file is missing, unreadable or not a valid graph. */
        INVALID_MODEL,
        /** The inputs do not match the graph. */
        INVALID_INPUT,
        /** The device queue is full: back-pressure, retry later. */
        REJECTED_BUSY,
        /** The handle or the session service was closed. */
        CLOSED,
        /** ONNX Runtime failed while running. */
        INFERENCE_FAILED
    }

    private final Reason reason;

    /** Creates an exception with a reason and a message a user understands. */
    public SessionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Creates an exception with a reason, a message and its cause. */
    public SessionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the request failed. */
    public Reason reason() {
        return reason;
    }
}
