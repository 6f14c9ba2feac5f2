package io.paxsim.testkit.example;

import io.paxsim.testbed.pipeline.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The planted bug is caught by the linearizability checker, shrunk by jqwik, and replays from its files. */
class PrimaryBackupBugTest {
    @Test
    void theBackupAnsweringReadsIsCaughtShrunkAndReplayed() {
        String previous = System.getProperty("paxsim.seed");
        System.setProperty("paxsim.seed", "42");
        Throwable failure;
        try {
            failure = runJqwik(PrimaryBackupBugExample.class);
        } finally {
            if (previous == null) {
                System.clearProperty("paxsim.seed");
            } else {
                System.setProperty("paxsim.seed", previous);
            }
        }
        assertNotNull(failure, "the planted bug was not caught");
        String message = failure.getMessage();
        System.out.println(message);
        assertTrue(message.contains("jqwik seed 42"), message);
        assertTrue(message.contains("shrunk in "), message);
        assertTrue(message.contains("kv illegal"), message);
        Matcher files = Pattern.compile("\\n  files    (\\S+)").matcher(message);
        assertTrue(files.find(), message);
        Path dir = Path.of(files.group(1));
        assertTrue(Files.isRegularFile(dir.resolve("faults.json")), dir + " has no faults.json");

        RunResult replayed = PrimaryBackupBugExample.HARNESS.replay(dir);
        assertFalse(replayed.passed(), "the replay must fail the same way");
        assertEquals("CORRECTNESS", replayed.failure().kind().name());
    }

    /** Runs a jqwik container through the JUnit Platform and returns the first failure, or null. */
    static Throwable runJqwik(Class<?> container) {
        LauncherDiscoveryRequest discovery = request().selectors(selectClass(container)).build();
        Launcher launcher = LauncherFactory.create();
        List<Throwable> failures = new ArrayList<>();
        launcher.execute(discovery, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                result.getThrowable().ifPresent(failures::add);
            }
        });
        return failures.isEmpty() ? null : failures.get(0);
    }
}
