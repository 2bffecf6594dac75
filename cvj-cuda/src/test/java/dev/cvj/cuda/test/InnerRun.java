package dev.cvj.cuda.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class through a JUnit launcher of its own, with configuration parameters, and returns the
 * summary: how the tests of the test support (conditions, extensions) see what JUnit makes of a class, without
 * setting system properties in this JVM.
 */
final class InnerRun {
    private InnerRun() {}

    static TestExecutionSummary run(Class<?> testClass, Map<String, String> parameters) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    /** Every failure's message, its suppressed ones and its cause's, one per line. */
    static String failures(TestExecutionSummary s) {
        StringBuilder b = new StringBuilder();
        for (TestExecutionSummary.Failure f : s.getFailures()) {
            Throwable t = f.getException();
            b.append(f.getTestIdentifier().getDisplayName()).append(": ").append(t).append('\n');
            for (Throwable x : t.getSuppressed()) {
                b.append("  suppressed: ").append(x.getMessage()).append('\n');
            }
            if (t.getCause() != null) {
                b.append("  cause: ").append(t.getCause()).append('\n');
            }
        }
        return b.toString();
    }
}
