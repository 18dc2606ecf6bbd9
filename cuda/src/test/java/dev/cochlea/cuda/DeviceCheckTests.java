package dev.cochlea.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the named test classes with the JUnit Platform launcher, for tools/device-check.sh on a machine without
 * Maven. A skipped (aborted) test counts as a failure there (on the GPU the conformance kit may skip nothing) unless
 * {@code -Dcochlea.deviceCheck.skipsFail=false}; {@code -Dcochlea.deviceCheck.require=cuda} also wants at least one
 * successful test whose name contains "cuda" (the golden test runs once per available backend). With
 * {@code -Dcochlea.deviceCheck.dryRun=true} it only discovers the tests (no test touches the driver).
 */
public final class DeviceCheckTests {
    private DeviceCheckTests() {}

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) {
            request.selectors(selectClass(name));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        PrintWriter out = new PrintWriter(System.out, true);
        if (Boolean.getBoolean(DeviceProbe.DRY_RUN_PROPERTY)) {
            TestPlan plan = launcher.discover(built);
            // Parameterised tests are expanded only when run: count test methods.
            long tests = plan.countTestIdentifiers(
                    id -> id.getSource().filter(MethodSource.class::isInstance).isPresent());
            out.println((tests > 0 ? "DRY RUN OK junit: " : "DRY RUN FAILED junit: ") + tests + " test methods in "
                    + String.join(", ", args));
            System.exit(tests > 0 ? 0 : 1);
        }
        String required = System.getProperty("cochlea.deviceCheck.require", "");
        boolean skipsFail = !"false".equals(System.getProperty("cochlea.deviceCheck.skipsFail"));
        int[] requiredPassed = {0};
        TestExecutionListener watcher = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    out.println("ABORTED " + id.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::getMessage).orElse("?"));
                }
                if (id.isTest()
                        && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                        && !required.isEmpty()
                        && id.getDisplayName().contains(required)) {
                    requiredPassed[0]++;
                }
            }
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary, watcher);
        TestExecutionSummary s = summary.getSummary();
        s.printTo(out);
        s.getFailures().stream()
                .limit(20)
                .forEach(
                        f -> out.println("FAILED " + f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
        boolean ok = s.getTotalFailureCount() == 0
                && s.getTestsFoundCount() > 0
                && (!skipsFail || s.getTestsAbortedCount() == 0);
        if (!required.isEmpty()) {
            out.println(requiredPassed[0] + " successful tests name '" + required + "'");
            ok &= requiredPassed[0] > 0;
        }
        System.exit(ok ? 0 : 1);
    }
}
