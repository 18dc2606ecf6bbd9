package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.conformance.ConformanceCases.BatchNormCase;
import dev.cochlea.kernels.conformance.ConformanceCases.FusedCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance of batch norm, max pooling and the fused BatchNorm -> ReLU -> MaxPool block. Pooling indices must match
 * exactly; random continuous inputs make ties practically absent. In the fused block the pooled values are computed
 * (normalised) values, so an index may differ only where two candidates agree within the sums tolerance.
 */
public interface NormPoolConformance extends ConformanceSupport {

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "batchNormCases")
    default void batchNormForwardTraining(BatchNormCase c) {
        BatchNormParams p = c.p();
        BatchNormInputs in = BatchNormInputs.random(c);
        assertConforms(c, io -> {
            DeviceBuffer y = io.nanFloats(in.x().length);
            DeviceBuffer mean = io.nanFloats(p.channels());
            DeviceBuffer invStd = io.nanFloats(p.channels());
            DeviceBuffer runMean = c.running() ? io.upload(in.runningMean()) : null;
            DeviceBuffer runVar = c.running() ? io.upload(in.runningVar()) : null;
            io.kernels()
                    .batchNormForwardTraining(
                            p,
                            io.upload(in.x()),
                            in.affine(io).withRunning(runMean, runVar).withSaved(mean, invStd),
                            y);
            Outputs out = new Outputs()
                    .sums("y", io.download(y), SUMS)
                    .sums("saveMean", io.download(mean), SUMS)
                    .sums("saveInvStd", io.download(invStd), SUMS);
            return c.running()
                    ? out.sums("runningMean", io.download(runMean), SUMS).sums("runningVar", io.download(runVar), SUMS)
                    : out;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "batchNormCases")
    default void batchNormForwardInference(BatchNormCase c) {
        BatchNormInputs in = BatchNormInputs.random(c);
        assertConforms(c, io -> {
            DeviceBuffer y = io.nanFloats(in.x().length);
            io.kernels()
                    .batchNormForwardInference(
                            c.p(),
                            io.upload(in.x()),
                            in.affine(io).withRunning(io.upload(in.runningMean()), io.upload(in.runningVar())),
                            y);
            return new Outputs().sums("y", io.download(y), SUMS);
        });
    }

    /** saveMean and saveInvStd come from the reference's forward pass, as they would in training. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "batchNormCases")
    default void batchNormBackward(BatchNormCase c) {
        BatchNormParams p = c.p();
        BatchNormInputs in = BatchNormInputs.random(c);
        float[][] stats = in.referenceStatistics();
        float[] gradY = RandomData.gaussian(new Random(in.x().length), in.x().length);
        boolean paramGrads = c.running(); // alternate between asking for gradGamma/gradBeta and skipping them
        assertConforms(c, io -> {
            DeviceBuffer gradX = io.nanFloats(in.x().length);
            DeviceBuffer gradGamma = paramGrads ? io.nanFloats(p.channels()) : null;
            DeviceBuffer gradBeta = paramGrads ? io.nanFloats(p.channels()) : null;
            io.kernels()
                    .batchNormBackward(
                            p,
                            io.upload(in.x()),
                            in.affine(io).withSaved(io.upload(stats[0]), io.upload(stats[1])),
                            new BatchNormGrads<>(io.upload(gradY), gradX, gradGamma, gradBeta));
            Outputs out = new Outputs().sums("gradX", io.download(gradX), SUMS);
            return paramGrads
                    ? out.sums("gradGamma", io.download(gradGamma), SUMS).sums("gradBeta", io.download(gradBeta), SUMS)
                    : out;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "maxPoolCases")
    default void maxPool1dForward(MaxPool1dParams p) {
        float[] x = RandomData.gaussian(RandomData.forCase(p), p.batch() * p.channels() * p.inLength());
        int n = p.batch() * p.channels() * p.outLength();
        assertConforms(p, io -> {
            DeviceBuffer y = io.nanFloats(n);
            DeviceBuffer indices = io.garbageInts(n);
            io.kernels().maxPool1dForward(p, io.upload(x), y, indices);
            return new Outputs().exact("y", io.download(y)).exact("indices", io.downloadInts(indices));
        });
    }

    /** Indices come from the reference's forward pass; overlapping windows make several gradients add up. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "maxPoolCases")
    default void maxPool1dBackward(MaxPool1dParams p) {
        Random random = RandomData.forCase(p);
        float[] x = RandomData.gaussian(random, p.batch() * p.channels() * p.inLength());
        int n = p.batch() * p.channels() * p.outLength();
        int[] indices = ConformanceSupport.onReference(io -> {
            DeviceBuffer y = io.allocate(DType.FLOAT32, n);
            DeviceBuffer idx = io.garbageInts(n);
            io.kernels().maxPool1dForward(p, io.upload(x), y, idx);
            return io.downloadInts(idx);
        });
        float[] gradY = RandomData.gaussian(random, n);
        assertConforms(p, io -> {
            DeviceBuffer gradX = io.nanFloats(x.length);
            io.kernels().maxPool1dBackward(p, io.upload(gradY), io.upload(indices), gradX);
            return new Outputs().sums("gradX", io.download(gradX), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "fusedCases")
    default void batchNormReluMaxPoolForward(FusedCase c) {
        BatchNormInputs in = BatchNormInputs.random(new BatchNormCase(c.bn(), c.affine(), c.running()));
        Outputs expected = FusedRun.forward(ConformanceSupport.reference(), c, in);
        Outputs actual = FusedRun.forward(backendUnderTest(), c, in);
        inCase(c, () -> {
            FusedRun.assertIndicesMatch(
                    c, in.referenceNormalised(c.training()), expected.ints("indices"), actual.ints("indices"));
            FusedRun.withoutIndices(expected).assertMatches(FusedRun.withoutIndices(actual));
        });
    }

    /** Forward results (saveMean, saveInvStd, pooled, indices) come from the reference, as they would in training. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "fusedTrainingCases")
    default void batchNormReluMaxPoolBackward(FusedCase c) {
        BatchNormInputs in = BatchNormInputs.random(new BatchNormCase(c.bn(), c.affine(), c.running()));
        Outputs forward = FusedRun.forward(ConformanceSupport.reference(), c, in);
        int pooledSize = forward.floats("pooled").length;
        float[] gradPooled = RandomData.gaussian(new Random(pooledSize), pooledSize);
        boolean paramGrads = c.affine();
        assertConforms(c, io -> {
            DeviceBuffer gradX = io.nanFloats(in.x().length);
            DeviceBuffer gradGamma = paramGrads ? io.nanFloats(c.bn().channels()) : null;
            DeviceBuffer gradBeta = paramGrads ? io.nanFloats(c.bn().channels()) : null;
            io.kernels()
                    .batchNormReluMaxPoolBackward(
                            new BnReluPoolParams(c.bn(), c.pool()),
                            new BnReluPoolBuffers(
                                    io.upload(in.x()),
                                    in.affine(io)
                                            .withSaved(
                                                    io.upload(forward.floats("saveMean")),
                                                    io.upload(forward.floats("saveInvStd"))),
                                    io.upload(forward.floats("pooled")),
                                    io.upload(forward.ints("indices"))),
                            new BatchNormGrads<>(io.upload(gradPooled), gradX, gradGamma, gradBeta));
            Outputs out = new Outputs().sums("gradX", io.download(gradX), SUMS);
            return paramGrads
                    ? out.sums("gradGamma", io.download(gradGamma), SUMS).sums("gradBeta", io.download(gradBeta), SUMS)
                    : out;
        });
    }
}
