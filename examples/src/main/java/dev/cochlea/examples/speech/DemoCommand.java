package dev.cochlea.examples.speech;

import dev.cochlea.data.FluentSpeechCommands;
import dev.cochlea.kernels.Backend;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: trains the seed network on the small corpus committed in examples/demo-data. */
@Command(
        name = "demo",
        description = "Train on the embedded demo corpus (examples/demo-data) and report held-out accuracy.")
public final class DemoCommand implements Callable<Integer> {
    static final String DEMO_DATA = "demo-data";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Demo corpus (default: examples/demo-data, found "
                    + "next to the jar or above the working directory).")
    Path data;

    @Mixin
    ModelKindOption model;

    @Option(names = "--epochs", defaultValue = "6", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    LoaderOptions loaderOptions = new LoaderOptions(16, 2);

    @Option(
            names = "--out",
            defaultValue = "runs/demo",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}); a previous demo run there is replaced.")
    Path out;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws Exception {
        Path corpus = data != null ? data : locate();
        Backend backend = backendOption.apply();
        System.out.println("demo corpus: " + corpus);
        // The demo is re-run as it is: it replaces its own previous run (only the files a run writes).
        Training.Config config = new Training.Config(
                FluentSpeechCommands.read(corpus),
                model.kind(),
                SpeechNets.SEED_INPUT_LENGTH,
                new Training.Schedule(epochs, loaderOptions.batchSize, null, false),
                new Training.Options(0, false, false, loaderOptions.threads, true),
                out,
                RunFolder.Mode.OVERWRITE);
        TrainCommand.report(new Training(config, System.out).run(backend));
        return 0;
    }

    /** examples/demo-data beside the jar (examples/target/cochlea-speech.jar), else above the working directory. */
    static Path locate() {
        try {
            Path jar = Path.of(DemoCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve(DEMO_DATA))) {
                    return dir.resolve(DEMO_DATA);
                }
                if (Files.isDirectory(dir.resolve("examples").resolve(DEMO_DATA))) {
                    return dir.resolve("examples").resolve(DEMO_DATA);
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples").resolve(DEMO_DATA))) {
                return dir.resolve("examples").resolve(DEMO_DATA);
            }
            if (Files.isDirectory(dir.resolve(DEMO_DATA))) {
                return dir.resolve(DEMO_DATA);
            }
        }
        throw new CliException("the demo corpus (examples/" + DEMO_DATA + ") was not found; pass --data DIR");
    }
}
