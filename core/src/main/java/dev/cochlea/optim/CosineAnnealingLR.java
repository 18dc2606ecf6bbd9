package dev.cochlea.optim;

/**
 * torch.optim.lr_scheduler.CosineAnnealingLR (SGDR without restarts):
 * lr = etaMin + (base - etaMin) (1 + cos(pi * epoch / tMax)) / 2, continuing the cosine past tMax as PyTorch does.
 */
public class CosineAnnealingLR extends LrScheduler {
    private final int tMax;
    private final float etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, float etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR T_max must be positive, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public float lrAt(int epoch) {
        return (float) (etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2);
    }
}
