package dev.cochlea.optim;

/** torch.optim.lr_scheduler.StepLR: lr = base * gamma^floor(epoch / stepSize). */
public class StepLR extends LrScheduler {
    private final int stepSize;
    private final float gamma;

    public StepLR(Optimizer optimizer, int stepSize, float gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR step_size must be positive, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public float lrAt(int epoch) {
        return (float) (baseLr * Math.pow(gamma, epoch / stepSize));
    }
}
