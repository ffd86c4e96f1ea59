package org.alphaclip.mllm;

/** Why generation ended. */
public enum StopReason {
    /** The model produced an end-of-sequence token. */
    END_OF_SEQUENCE,
    /** The text reached one of the stop strings. */
    STOP_STRING,
    /** The maximum number of new tokens was reached. */
    MAX_TOKENS
}
