package dev.cochlea.examples.speech;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the speech CLI in a separate JVM (with its own heap limit, and killable), on this test's class path. */
final class ChildJvm {
    /**
     * What the child printed and how it ended; {@code status} is -1 when it was killed for running too long, -9 when
     * it was killed on purpose.
     */
    record Result(int status, String out, String err) {}

    private ChildJvm() {}

    static Result run(Path workDir, List<String> jvmOptions, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return run(workDir, jvmOptions, timeoutSeconds, -1, args);
    }

    /** As {@link #run(Path, List, long, String...)}, but killed (SIGKILL) after {@code killAfterMillis} if >= 0. */
    static Result run(Path workDir, List<String> jvmOptions, long timeoutSeconds, long killAfterMillis, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SpeechCli.class.getName());
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        int status;
        if (killAfterMillis >= 0 && !process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            status = -9;
        } else if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            status = process.exitValue();
        } else {
            process.destroyForcibly().waitFor();
            status = -1;
        }
        return new Result(
                status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
