package dev.cochlea.kernels;

/**
 * One step of PyTorch's SGD (torch.optim.SGD, 1.13): d = g + weightDecay * p; with momentum, buf = d on the first
 * step, else buf = momentum * buf + (1 - dampening) * d, and d = nesterov ? d + momentum * buf : buf; p -= lr * d.
 */
public record SgdParams(
        float lr, float momentum, float dampening, boolean nesterov, float weightDecay, boolean firstStep) {}
