package dev.cochlea.nn;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.ops.MatrixOps;

/** torch.nn.Linear: y = x W^T + b, W [out, in] and b initialised U(-1/sqrt(in), 1/sqrt(in)) as PyTorch does. */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Backends.best(), Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Backend backend, Generator gen) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException(
                    "Linear: features must be positive, got in=" + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = Init.kaimingUniform(Tensor.empty(backend, outFeatures, inFeatures), Math.sqrt(5), gen);
        registerParameter("weight", w);
        if (bias) {
            float bound = (float) (1.0 / Math.sqrt(inFeatures));
            registerParameter("bias", Init.uniform(Tensor.empty(backend, outFeatures), -bound, bound, gen));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return MatrixOps.linear(input, param("weight"), param("bias"), toString());
    }

    public Tensor weight() {
        return param("weight");
    }

    public Tensor bias() {
        return param("bias");
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias="
                + (param("bias") != null ? "True" : "False") + ")";
    }
}
