package org.alphaclip.mllm.internal.decode;

import java.util.Arrays;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.TokenListener;

/** One sequence, one token per step, chosen by a {@link TokenPicker} (greedy or sampled); streams every token. */
public final class SingleSequenceSearch implements Search {

    private static final int[] FIRST_ROW = {0};

    private final TokenPicker picker;
    private final StopRules rules;

    /** A search choosing tokens with {@code picker} until {@code rules} end it. */
    public SingleSequenceSearch(TokenPicker picker, StopRules rules) {
        this.picker = picker;
        this.rules = rules;
    }

    @Override
    public SearchResult run(DecoderState state, FloatTensor prompt, TokenListener listener) throws SessionException {
        AnswerText answer = rules.newAnswer();
        int[] tokens = new int[rules.maxNewTokens()];
        float[][] logits = state.start(prompt);
        long firstToken = 0;
        for (int count = 1; ; count++) {
            int id = picker.pick(logits[0]);
            tokens[count - 1] = id;
            if (count == 1) {
                firstToken = System.nanoTime();
            }
            if (rules.isEnd(id)) {
                listener.onToken(id, "");
                return new SearchResult(Arrays.copyOf(tokens, count), answer.text(), StopReason.END_OF_SEQUENCE, firstToken);
            }
            boolean last = count == rules.maxNewTokens();
            listener.onToken(id, answer.add(id, last));
            if (answer.stopped() || last) {
                StopReason reason = answer.stopped() ? StopReason.STOP_STRING : StopReason.MAX_TOKENS;
                return new SearchResult(Arrays.copyOf(tokens, count), answer.text(), reason, firstToken);
            }
            logits = state.extend(FIRST_ROW, new int[] {id});
        }
    }
}
