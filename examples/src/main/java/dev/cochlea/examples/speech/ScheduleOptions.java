package dev.cochlea.examples.speech;

import picocli.CommandLine.Option;

/** The epochs, the learning-rate curve over them and the seed of a training run; shared by train and the Spark trainer. */
public class ScheduleOptions {
    @Option(names = "--epochs", defaultValue = "12", description = "Epochs (default: ${DEFAULT-VALUE}).")
    public int epochs;

    @Option(
            names = "--cosine",
            description = "Anneal the learning rate from --lr to 0 over the epochs (cosine, as "
                    + "torch.optim.lr_scheduler.CosineAnnealingLR with T_max = epochs); default: constant.")
    public boolean cosine;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed for initialisation, shuffling and any augmentation (default: ${DEFAULT-VALUE}).")
    public long seed;
}
