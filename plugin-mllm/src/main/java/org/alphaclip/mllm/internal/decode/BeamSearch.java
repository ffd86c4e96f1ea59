package org.alphaclip.mllm.internal.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.TokenListener;

/**
 * Beam search: keeps the {@code width} sequences with the highest summed log-probabilities, one decoder row each.
 * Every step looks at the best {@code 2 × width} continuations of every beam, in order of their scores: one that
 * ends (an end token, or text that reaches a stop string) becomes a finished answer when it ranks among the first
 * {@code width}, the others become the next beams. A finished answer scores its summed log-probability divided by
 * its length (length penalty 1). The search ends when {@code width} answers are finished and no running beam can
 * score better, or at the token limit (running beams then count as finished). The best answer's tokens are
 * streamed at the end, since only then is it known.
 */
public final class BeamSearch implements Search {

    private final int width;
    private final StopRules rules;

    private record Beam(int[] tokens, double logProbability, AnswerText answer) {
    }

    private record Finished(int[] tokens, double score, String text, StopReason reason) {
    }

    private record Candidate(int beam, int token, double logProbability) {
    }

    /** A search over {@code width} beams (at least 1) until {@code rules} end it. */
    public BeamSearch(int width, StopRules rules) {
        if (width < 1) {
            throw new IllegalArgumentException("beam search needs at least 1 beam, got " + width);
        }
        this.width = width;
        this.rules = rules;
    }

    @Override
    public SearchResult run(DecoderState state, FloatTensor prompt, TokenListener listener) throws SessionException {
        float[][] logits = state.start(prompt);
        long firstToken = System.nanoTime();
        List<Beam> beams = List.of(new Beam(new int[0], 0, rules.newAnswer()));
        List<Finished> finished = new ArrayList<>();
        for (int length = 1; ; length++) {
            List<Candidate> candidates = candidates(beams, logits);
            List<Beam> next = new ArrayList<>();
            int[] parents = new int[width];
            int[] tokens = new int[width];
            for (int rank = 0; rank < candidates.size() && next.size() < width; rank++) {
                Candidate c = candidates.get(rank);
                Beam parent = beams.get(c.beam());
                int[] sequence = Arrays.copyOf(parent.tokens(), length);
                sequence[length - 1] = c.token();
                if (rules.isEnd(c.token())) {
                    if (rank < width) {
                        finished.add(new Finished(sequence, c.logProbability() / length, parent.answer().text(),
                                StopReason.END_OF_SEQUENCE));
                    }
                    continue;
                }
                AnswerText answer = parent.answer().copy();
                answer.add(c.token(), false);
                if (answer.stopped()) {
                    if (rank < width) {
                        finished.add(new Finished(sequence, c.logProbability() / length, answer.text(), StopReason.STOP_STRING));
                    }
                    continue;
                }
                parents[next.size()] = c.beam();
                tokens[next.size()] = c.token();
                next.add(new Beam(sequence, c.logProbability(), answer));
            }
            finished.sort(Comparator.comparingDouble(Finished::score).reversed());
            if (finished.size() > width) {
                finished.subList(width, finished.size()).clear();
            }
            boolean settled = finished.size() == width && (next.isEmpty()
                    || next.get(0).logProbability() / length <= finished.get(width - 1).score());
            if (settled || next.isEmpty() || length == rules.maxNewTokens()) {
                if (!settled) {
                    for (Beam beam : next) {
                        finished.add(new Finished(beam.tokens(), beam.logProbability() / length, beam.answer().text(),
                                StopReason.MAX_TOKENS));
                    }
                }
                Finished best = finished.stream().max(Comparator.comparingDouble(Finished::score)).orElseThrow();
                stream(best, listener);
                return new SearchResult(best.tokens(), best.text(), best.reason(), firstToken);
            }
            logits = state.extend(Arrays.copyOf(parents, next.size()), Arrays.copyOf(tokens, next.size()));
            beams = next;
        }
    }

    /** The best {@code 2 × width} continuations of every beam, best first. */
    private List<Candidate> candidates(List<Beam> beams, float[][] logits) {
        List<Candidate> candidates = new ArrayList<>();
        int per = Math.min(2 * width, logits[0].length);
        for (int b = 0; b < beams.size(); b++) {
            double[] logProbabilities = logSoftmax(logits[b]);
            Integer[] order = new Integer[logProbabilities.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -logProbabilities[i]));
            for (int k = 0; k < per; k++) {
                candidates.add(new Candidate(b, order[k], beams.get(b).logProbability() + logProbabilities[order[k]]));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::logProbability).reversed());
        return candidates;
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }

    private void stream(Finished best, TokenListener listener) {
        AnswerText replay = rules.newAnswer();
        int[] tokens = best.tokens();
        for (int i = 0; i < tokens.length; i++) {
            boolean end = best.reason() == StopReason.END_OF_SEQUENCE && i == tokens.length - 1;
            listener.onToken(tokens[i], end ? "" : replay.add(tokens[i], i == tokens.length - 1));
        }
    }
}
