package org.alphaclip.mllm.internal.decode;

import java.util.Arrays;
import java.util.List;

import org.alphaclip.sdk.text.PackageTokenizer;

/**
 * The text of one answer as its tokens arrive: decodes all tokens so far (byte-level tokens only make whole
 * characters together), cuts the text before the first stop string, and tells the caller what each token adds. A
 * token that ends in an incomplete UTF-8 sequence adds nothing until the token that completes it.
 */
final class AnswerText {

    private static final char INCOMPLETE = '\uFFFD';

    private final PackageTokenizer tokenizer;
    private final List<String> stopStrings;
    private int[] ids = new int[0];
    private String text = "";
    private String streamed = "";
    private boolean stopped;

    AnswerText(PackageTokenizer tokenizer, List<String> stopStrings) {
        this.tokenizer = tokenizer;
        this.stopStrings = List.copyOf(stopStrings);
    }

    /** An independent copy (for a beam that branches). */
    AnswerText copy() {
        AnswerText copy = new AnswerText(tokenizer, stopStrings);
        copy.ids = ids;
        copy.text = text;
        copy.streamed = streamed;
        copy.stopped = stopped;
        return copy;
    }

    /**
     * Adds a token.
     *
     * @param last whether no token follows (then nothing is held back)
     * @return the text the token adds to what earlier calls returned
     */
    String add(int id, boolean last) {
        ids = Arrays.copyOf(ids, ids.length + 1);
        ids[ids.length - 1] = id;
        String full = tokenizer.decode(ids);
        int cut = -1;
        for (String stop : stopStrings) {
            int at = full.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            full = full.substring(0, cut);
            stopped = true;
        }
        text = full;
        boolean heldBack = !(last || stopped) && !full.isEmpty() && full.charAt(full.length() - 1) == INCOMPLETE;
        if (heldBack || !full.startsWith(streamed)) {
            return "";
        }
        String added = full.substring(streamed.length());
        streamed = full;
        return added;
    }

    /** Whether the text reached a stop string. */
    boolean stopped() {
        return stopped;
    }

    /** The text so far, cut before a stop string. */
    String text() {
        return text;
    }
}
