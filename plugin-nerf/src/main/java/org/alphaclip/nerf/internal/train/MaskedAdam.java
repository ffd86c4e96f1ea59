package org.alphaclip.nerf.internal.train;

/**
 * DVGO's masked Adam for the voxel grids: values whose gradient is exactly zero this step are not updated and
 * keep their moments (a voxel no ray reached stays as it is). Bias correction folded into the step size,
 * {@code lr·sqrt(1 − β2^t)/(1 − β1^t)}; the learning rate decays by a constant factor every step.
 */
public final class MaskedAdam {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] firstMoment;
    private final float[] secondMoment;
    private double learningRate;
    private final double decayPerStep;
    private int step;

    /**
     * @param size the number of values updated
     * @param learningRate the initial learning rate
     * @param decayPerStep the factor the learning rate is multiplied by after each step
     * @param beta1 the first moment's decay (0.9 officially)
     * @param beta2 the second moment's decay (0.99 officially)
     * @param epsilon added to the second moment's root (1e-8)
     */
    public MaskedAdam(int size, double learningRate, double decayPerStep, float beta1, float beta2, float epsilon) {
        this.firstMoment = new float[size];
        this.secondMoment = new float[size];
        this.learningRate = learningRate;
        this.decayPerStep = decayPerStep;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** DVGO's settings for the grids: β (0.9, 0.99), ε 1e-8. */
    public static MaskedAdam official(int size, double learningRate, double decayPerStep) {
        return new MaskedAdam(size, learningRate, decayPerStep, 0.9f, 0.99f, 1e-8f);
    }

    /** DVGO's settings restored from a checkpoint (moments, step count, learning rate). */
    public static MaskedAdam official(float[] firstMoment, float[] secondMoment, int step, double learningRate,
            double decayPerStep) {
        return new MaskedAdam(firstMoment, secondMoment, step, learningRate, decayPerStep, 0.9f, 0.99f, 1e-8f);
    }

    private MaskedAdam(float[] firstMoment, float[] secondMoment, int step, double learningRate, double decayPerStep,
            float beta1, float beta2, float epsilon) {
        this(firstMoment.length, learningRate, decayPerStep, beta1, beta2, epsilon);
        if (secondMoment.length != firstMoment.length) {
            throw new IllegalArgumentException("Adam moments of different sizes");
        }
        System.arraycopy(firstMoment, 0, this.firstMoment, 0, firstMoment.length);
        System.arraycopy(secondMoment, 0, this.secondMoment, 0, secondMoment.length);
        this.step = step;
    }

    /** One update of {@code values} in place from {@code gradient}. */
    public void update(float[] values, float[] gradient) {
        if (values.length != firstMoment.length || gradient.length != firstMoment.length) {
            throw new IllegalArgumentException("Adam holds " + firstMoment.length + " values, got "
                    + values.length + " values and " + gradient.length + " gradients");
        }
        step++;
        float stepSize = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        for (int i = 0; i < values.length; i++) {
            float g = gradient[i];
            if (g == 0) {
                continue;
            }
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g;
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
            values[i] -= stepSize * firstMoment[i] / ((float) Math.sqrt(secondMoment[i]) + epsilon);
        }
        learningRate *= decayPerStep;
    }

    /** Steps taken. */
    public int step() {
        return step;
    }

    /** The learning rate of the next step. */
    public double learningRate() {
        return learningRate;
    }

    /** The factor the learning rate is multiplied by after each step. */
    public double decayPerStep() {
        return decayPerStep;
    }

    /** The first moments (for checkpoints). */
    public float[] firstMoment() {
        return firstMoment.clone();
    }

    /** The second moments (for checkpoints). */
    public float[] secondMoment() {
        return secondMoment.clone();
    }
}
