package io.paxsim.testbed.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.ConsoleAppender;
import io.paxsim.testbed.logging.SimLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a cold start must not load: the launcher's training commands (a tiny {@code check} and a tiny
 * {@code run}, {@link StartupTraining}) run in a fresh JVM that logs every class it loads. Clojure
 * (only the real Elle and {@code clojure.edn}'s fallback need it) and an XML parser (logback is
 * configured in code) stay out, and so do the explorer and the mutant hunt (the lean CLI builds only
 * the command called; the others' classes are loaded, by the root command's annotation, not run).
 */
class StartupClassesTest {
    @Test
    void checkAndRunLoadNeitherClojureNorAnXmlParserNorOtherCommandsWork(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                StartupTraining.class.getName(), scratch.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the training JVM finished");
        assertEquals(0, p.exitValue(), "the training check and run passed: " + Files.readString(dir.resolve("out.txt")));
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" io.paxsim.testbed.cli.CheckCommand ") && loaded.contains(" io.paxsim.testbed.cli.RunCommand "),
                "the log names the classes loaded");
        for (String absent : List.of(" clojure.", " com.sun.org.apache.xerces.", " ch.qos.logback.core.joran.GenericXMLConfigurator ",
                " io.paxsim.testbed.explore.", " io.paxsim.testbed.hunt.")) {
            assertTrue(!loaded.contains(absent), "a cold check or run loads no" + absent.stripTrailing() + " class");
        }
    }

    @Test
    void loggingIsQuietWarnToStandardErrorUntilRaised() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        Logger paxsim = (Logger) LoggerFactory.getLogger(SimLog.ROOT_LOGGER);
        Level before = paxsim.getLevel();
        try {
            SimLog.setLevel("debug");
            assertTrue(LoggerFactory.getLogger(SimLog.ROOT_LOGGER + ".node").isDebugEnabled());
        } finally {
            paxsim.setLevel(before);
        }
        assertEquals(Level.WARN, before);
    }

    @Test
    void startupTrainingPasses(@TempDir Path dir) throws IOException {
        assertEquals(ExitCode.PASS, StartupTraining.train(dir));
        assertTrue(Files.isRegularFile(dir.resolve("run").resolve("verdict.json")));
    }
}
