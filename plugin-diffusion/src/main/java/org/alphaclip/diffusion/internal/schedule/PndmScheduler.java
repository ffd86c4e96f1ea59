package org.alphaclip.diffusion.internal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * PNDM with {@code skip_prk_steps} (Stable Diffusion's default scheduler): linear multistep (PLMS) updates over the
 * model outputs of the last four steps. The timesteps repeat the second one: step 0 keeps its model output and moves
 * one interval back; step 1, at the first timestep again, averages the two outputs and restarts from the first sample;
 * later steps combine 2, 3 and then 4 outputs with the Adams-Bashforth weights. Arithmetic in float32 as diffusers.
 */
public final class PndmScheduler extends AlphaScheduler {

    private final List<float[]> history = new ArrayList<>();
    private float[] firstSample;

    /** A PNDM scheduler of a configuration. */
    public PndmScheduler(SchedulerConfig config) {
        super(SchedulerKind.PNDM, config);
    }

    /**
     * diffusers: the ascending timesteps without the last, the second-to-last again, then the last; reversed.
     * Descending that is d0, d1, d1, d2, ..., d(N-1); a one-step loop has d0 alone.
     */
    @Override
    double[] layOut(double[] down) {
        double[] laid = new double[down.length == 1 ? 1 : down.length + 1];
        laid[0] = down[0];
        for (int i = 1; i < laid.length; i++) {
            laid[i] = down[Math.max(1, i - 1)];
        }
        return laid;
    }

    @Override
    void startLoop() {
        history.clear();
        firstSample = null;
    }

    @Override
    public StepOutput step(int index, float[] modelOutput, float[] sample) {
        loop.take(index);
        LoopState.sameLength(modelOutput, sample);
        int t = (int) timesteps[index];
        int prevT = t - interval;
        if (index != 1) {
            while (history.size() > 3) {
                history.remove(0);
            }
            history.add(modelOutput.clone());
        } else {
            prevT = t;
            t = t + interval;
        }
        int n = sample.length;
        float[] combined = new float[n];
        float[] from = sample;
        if (history.size() == 1 && index == 0) {
            System.arraycopy(modelOutput, 0, combined, 0, n);
            firstSample = sample.clone();
        } else if (history.size() == 1 && index == 1) {
            float[] e1 = history.get(0);
            for (int i = 0; i < n; i++) {
                combined[i] = (modelOutput[i] + e1[i]) / 2f;
            }
            from = firstSample;
            firstSample = null;
        } else if (history.size() == 2) {
            float[] e1 = last(1);
            float[] e2 = last(2);
            for (int i = 0; i < n; i++) {
                combined[i] = (3f * e1[i] - e2[i]) / 2f;
            }
        } else if (history.size() == 3) {
            float[] e1 = last(1);
            float[] e2 = last(2);
            float[] e3 = last(3);
            for (int i = 0; i < n; i++) {
                combined[i] = (23f * e1[i] - 16f * e2[i] + 5f * e3[i]) / 12f;
            }
        } else {
            float[] e1 = last(1);
            float[] e2 = last(2);
            float[] e3 = last(3);
            float[] e4 = last(4);
            float sixth = (float) (1.0 / 24);
            for (int i = 0; i < n; i++) {
                combined[i] = sixth * (55f * e1[i] - 59f * e2[i] + 37f * e3[i] - 9f * e4[i]);
            }
        }
        return new StepOutput(previousSample(from, t, prevT, combined), null);
    }

    private float[] last(int back) {
        return history.get(history.size() - back);
    }

    /** PNDM's formula (9): the sample at {@code prevT} from the sample at {@code t} and the combined model output. */
    private float[] previousSample(float[] sample, int t, int prevT, float[] modelOutput) {
        float alphaT = alphaCumprod(t);
        float alphaPrev = alphaCumprod(prevT);
        float betaT = 1f - alphaT;
        float betaPrev = 1f - alphaPrev;
        boolean velocity = config.predictionType().equals("v_prediction");
        if (config.predictionType().equals("sample")) {
            throw new IllegalArgumentException("scheduler_config.json: prediction_type sample is not supported by PNDM");
        }
        float sampleCoeff = (float) Math.sqrt(alphaPrev / alphaT);
        float denominator = alphaT * (float) Math.sqrt(betaPrev) + (float) Math.sqrt(alphaT * betaT * alphaPrev);
        float difference = alphaPrev - alphaT;
        float rootAlpha = (float) Math.sqrt(alphaT);
        float rootBeta = (float) Math.sqrt(betaT);
        float[] prev = new float[sample.length];
        for (int i = 0; i < prev.length; i++) {
            float output = velocity ? rootAlpha * modelOutput[i] + rootBeta * sample[i] : modelOutput[i];
            prev[i] = sampleCoeff * sample[i] - difference * output / denominator;
        }
        return prev;
    }
}
