package dev.cochlea.examples.speech;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import picocli.CommandLine.Option;

/** --backend, shared by the commands that run a model. */
public class BackendOption {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "Backend: cpu, reference, opencl, cuda (default: the best available).")
    String backend;

    /** Makes the chosen backend the default and returns it. */
    public Backend apply() {
        if (backend != null) {
            Backend b;
            try {
                b = Backends.get(backend);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            if (!b.isAvailable()) {
                throw new CliException("backend '" + backend + "' is not available: "
                        + b.unavailableReason().orElse("unknown reason"));
            }
            Backends.setDefault(b);
        }
        return Backends.best();
    }
}
