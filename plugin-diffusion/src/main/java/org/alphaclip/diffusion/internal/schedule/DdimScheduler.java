package org.alphaclip.diffusion.internal.schedule;

/**
 * DDIM with eta 0 (deterministic): each step estimates the clean sample from the model's output (epsilon, sample or
 * v-prediction), optionally clips it, and moves it to the previous timestep along the predicted noise direction. The
 * previous timestep is one interval {@code T / N} (integer division) back, whatever the spacing, as diffusers does.
 */
public final class DdimScheduler extends AlphaScheduler {

    /** A DDIM scheduler of a configuration. */
    public DdimScheduler(SchedulerConfig config) {
        super(SchedulerKind.DDIM, config);
    }

    @Override
    double[] layOut(double[] descending) {
        return descending;
    }

    @Override
    public StepOutput step(int index, float[] modelOutput, float[] sample) {
        loop.take(index);
        LoopState.sameLength(modelOutput, sample);
        int t = (int) timesteps[index];
        int prevT = t - interval;
        float alphaT = alphaCumprod(t);
        float alphaPrev = alphaCumprod(prevT);
        float betaT = 1f - alphaT;
        float rootAlpha = (float) Math.sqrt(alphaT);
        float rootBeta = (float) Math.sqrt(betaT);
        float rootAlphaPrev = (float) Math.sqrt(alphaPrev);
        float direction = (float) Math.sqrt(1f - alphaPrev);
        float range = (float) config.clipSampleRange();
        boolean clip = config.clipSample();
        String prediction = config.predictionType();
        int n = sample.length;
        float[] original = new float[n];
        float[] prev = new float[n];
        for (int i = 0; i < n; i++) {
            float x = sample[i];
            float out = modelOutput[i];
            float x0;
            float eps;
            switch (prediction) {
                case "epsilon" -> {
                    x0 = (x - rootBeta * out) / rootAlpha;
                    eps = out;
                }
                case "sample" -> {
                    x0 = out;
                    eps = (x - rootAlpha * x0) / rootBeta;
                }
                default -> {
                    x0 = rootAlpha * x - rootBeta * out;
                    eps = rootAlpha * out + rootBeta * x;
                }
            }
            if (clip) {
                x0 = Math.max(-range, Math.min(range, x0));
            }
            original[i] = x0;
            prev[i] = rootAlphaPrev * x0 + direction * eps;
        }
        return new StepOutput(prev, original);
    }
}
