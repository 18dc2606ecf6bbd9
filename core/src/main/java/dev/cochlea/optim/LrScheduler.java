package dev.cochlea.optim;

/**
 * Sets the optimizer's learning rate per epoch, as torch.optim.lr_scheduler: call {@link #step()} once after each
 * epoch's optimizer steps. The rate for epoch e is {@link #lrAt(int)}, a closed form of PyTorch's schedule.
 */
public abstract class LrScheduler {
    protected final Optimizer optimizer;
    protected final float baseLr;
    private int epoch;

    protected LrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The learning rate for epoch {@code epoch} (0 is the initial one). */
    public abstract float lrAt(int epoch);

    public void step() {
        epoch++;
        optimizer.setLr(lrAt(epoch));
    }

    public float lastLr() {
        return optimizer.lr();
    }

    public int epoch() {
        return epoch;
    }

    /** Restores the position of a resumed run (sets the rate for {@code epoch}). */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        optimizer.setLr(lrAt(epoch));
    }
}
