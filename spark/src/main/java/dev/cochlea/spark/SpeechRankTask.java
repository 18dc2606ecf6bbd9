package dev.cochlea.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/** A rank of a distributed speech training run: sets up the backend and a scratch folder, then trains. */
public final class SpeechRankTask implements RankTask<RankReport> {
    private static final long serialVersionUID = 1L;
    private final TrainOptions options;

    public SpeechRankTask(TrainOptions options) {
        this.options = options;
    }

    @Override
    public RankReport run(GangMember member) throws Exception {
        Path scratch = Files.createTempDirectory("cochlea-rank" + member.rank() + "-");
        try {
            return new RankTraining(options, member, CpuBackends.withThreads(member.cpus()), scratch).run();
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
