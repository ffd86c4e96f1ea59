package org.alphaclip.diffusion.internal.schedule;

/** What every scheduler tracks of its loop: the laid-out steps and the next step to take, taken strictly in order. */
final class LoopState {

    private final SchedulerKind kind;
    private int steps;
    private int length;
    private int next;

    LoopState(SchedulerKind kind) {
        this.kind = kind;
    }

    /** Starts a loop of {@code count} inference steps taken at {@code timesteps} timesteps. */
    void start(int count, int timesteps) {
        steps = count;
        length = timesteps;
        next = 0;
    }

    /** The inference steps of the current loop. */
    int steps() {
        if (steps == 0) {
            throw new IllegalStateException(kind.displayName() + " scheduler: call setTimesteps before stepping");
        }
        return steps;
    }

    /** Checks that {@code index} is the loop's next step and moves past it. */
    void take(int index) {
        steps();
        if (index != next || index >= length) {
            throw new IllegalStateException(kind.displayName() + " scheduler: step " + index + " taken out of order (next is "
                    + next + " of " + length + ")");
        }
        next++;
    }

    /** Checks that every array has the sample's length. */
    static void sameLength(float[] modelOutput, float[] sample) {
        if (modelOutput.length != sample.length) {
            throw new IllegalArgumentException("model output has " + modelOutput.length + " values, the sample "
                    + sample.length);
        }
    }
}
