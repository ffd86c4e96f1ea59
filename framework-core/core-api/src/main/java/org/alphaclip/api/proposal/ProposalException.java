package org.alphaclip.api.proposal;

/** A proposal request that failed; the message says why in a sentence. */
public class ProposalException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a user understands. */
    public ProposalException(String message) {
        super(message);
    }

    /** Creates an exception with a message and its cause. */
    public ProposalException(String message, Throwable cause) {
        super(message, cause);
    }
}
