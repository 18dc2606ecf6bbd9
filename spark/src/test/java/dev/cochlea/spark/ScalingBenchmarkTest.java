package dev.cochlea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScalingBenchmarkTest {

    @Test
    void theSummaryPoolsTheRoundsAndGivesTheRatioAndTheAllReduceShare() {
        // 1 worker: 10 steps x 32 samples in 5 s and in 3 s -> 640 samples / 8 s = 80 samples/s.
        List<RankReport> singles = List.of(report(10, 5.0, 0, 64.0), report(10, 3.0, 0, 320 / 3.0));
        // 2 workers: 10 steps x 64 samples in 4 s and 4 s -> 150 samples/s pooled; all-reduce 0.2 s of 8 s.
        List<RankReport> pairs = List.of(report(10, 4.0, 0.1, 160.0), report(10, 4.0, 0.1, 160.0));
        assertEquals(
                "summary: 1 worker 80.0 samples/s, 2 workers 160.0 samples/s, speed-up 2.00x; all-reduce 10.0 ms per "
                        + "step, 2.5% of the step (2 workers, rank 0, 2 rounds)",
                ScalingBenchmark.summary(2, singles, pairs));
    }

    @Test
    void theCeilingSumsTheIndependentRanksAndGivesTheShareTheWorkersReached() {
        List<RankReport> singles = List.of(report(10, 4.0, 0, 80.0));
        List<RankReport> pairs = List.of(report(10, 5.0, 0.1, 128.0));
        // Each independent rank: 10 steps x 32 samples in 4 s = 80 samples/s, so 160 together: 2x; 128 is 80% of it.
        List<List<RankReport>> independents = List.of(List.of(report(10, 4.0, 0, 80.0), report(10, 4.0, 0, 80.0)));
        assertEquals(
                "ceiling: 2 independent workers (no collectives) 160.0 samples/s, 2.00x one worker; 2 workers reached "
                        + "80% of it",
                ScalingBenchmark.ceiling(2, singles, pairs, independents));
    }

    @Test
    void bothMainsTakeTheRankOptionsAndReadBatchesOnTheTrainingThreadByDefault() {
        SparkTrainMain train = new SparkTrainMain();
        new CommandLine(train)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs("--workers", "2", "--data", "d", "--out", "o", "--batch-size", "8");
        assertEquals(8, train.rank.batchSize);
        assertEquals(0, train.rank.threads);
        ScalingBenchmark benchmark = new ScalingBenchmark();
        new CommandLine(benchmark)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs("--data", "d", "--format", "fsdd");
        assertEquals("d", benchmark.rank.data);
        assertEquals(0, benchmark.rank.threads);
        assertEquals(10, benchmark.warmupSteps);
    }

    private static RankReport report(int steps, double seconds, double allReduceSeconds, double samplesPerSecond) {
        return new RankReport(
                0,
                0,
                0,
                steps + 2,
                steps,
                seconds,
                allReduceSeconds,
                samplesPerSecond,
                0.5,
                StepPhases.NONE,
                0,
                0,
                0,
                0);
    }
}
