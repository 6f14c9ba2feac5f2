package io.paxsim.sim.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same seeds give the same fingerprints in this JVM, in a fresh JVM of the build JDK, in
 * that JVM's interpreter (-Xint: no JIT intrinsics), and under JDK 25 when it is installed.
 */
class CrossJdkDeterminismTest {
    private static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final long FIRST_SEED = 100;
    private static final int SEEDS = 4;

    private static List<String> inProcess() {
        List<String> lines = new ArrayList<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            lines.add(GossipHashMain.line(seed));
        }
        return lines;
    }

    @Test
    void buildJdkChildAndInterpreterAgreeWithThisJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> expected = inProcess();
        assertEquals(expected, child(java, List.of()), "a fresh JVM of the build JDK disagrees");
        assertEquals(expected, child(java, List.of("-Xint")), "the interpreter disagrees with the JIT");
    }

    @Test
    void jdk25AgreesWithTheBuildJdk() throws Exception {
        assumeTrue(Files.isExecutable(JDK25_JAVA), "JDK 25 is not installed at " + JDK25_JAVA);
        assertEquals(inProcess(), child(JDK25_JAVA, List.of()), "JDK 25 gives a different trace for the same seeds");
    }

    private static List<String> child(Path java, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-ea", "-cp", System.getProperty("java.class.path"),
                GossipHashMain.class.getName(), Long.toString(FIRST_SEED), Integer.toString(SEEDS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "child JVM failed: " + text);
        return text.lines().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0))).toList();
    }
}
