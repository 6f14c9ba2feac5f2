package io.paxsim.faults;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same seeds, same schedules (JSON) and same trace hashes in this JVM, in an interpreter-only
 * child JVM, and on JDK 25 when it is installed: fault descriptions feed the trace hash, so a
 * JDK-dependent number format or iteration order would show up here.
 */
class CrossJdkDeterminismTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void interpreterOnlyJvmAgrees() throws Exception {
        String here = FaultHashesMain.fingerprints();
        assertEquals(here, runChild(Path.of(System.getProperty("java.home"), "bin", "java"), "-Xint"));
    }

    @Test
    void jdk25Agrees() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25), "JDK 25 not installed at " + JDK25);
        assertEquals(FaultHashesMain.fingerprints(), runChild(JDK25, null));
    }

    private static String runChild(Path java, String flag) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        if (flag != null) {
            command.add(flag);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FaultHashesMain.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(false).start();
        child.getOutputStream().close();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, child.exitValue(), new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
