package io.paxsim.testbed.explore;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Keeps C2 away from {@code DeepCopier.copy(Object, Memo)} when the JVM was started without the launcher's
 * {@code -XX:CompileCommand} (plain {@code java -jar}, an IDE): C2 of JDK 17.0.15 crashed the JVM (SIGSEGV,
 * no hs_err file) compiling it, in about half of the explore searches with crashes (docs/performance.md,
 * "C2 crash"). A compiler directive added at run time (what {@code jcmd PID Compiler.directives_add} does)
 * keeps C2 from compiling that one method or inlining it anywhere; C1 still compiles it. JDK 25 ran clean, so
 * it is left alone there.
 */
final class CopierCompileGuard {
    private static final String METHOD = "io/paxsim/testbed/explore/DeepCopier.copy"
            + "(Ljava/lang/Object;Lio/paxsim/testbed/explore/DeepCopier$Memo;)Ljava/lang/Object;";
    /** Not compiled by C2, and not inlined by C2 into any caller (the launcher's exclusion implies both). */
    private static final String DIRECTIVE = "[{ match: \"" + METHOD + "\", c2: { Exclude: true } },"
            + " { match: \"*.*\", c2: { inline: \"-" + METHOD + "\" } }]";
    private static final int FIRST_CLEAN_FEATURE = 25;
    private static boolean installed;

    private CopierCompileGuard() {
    }

    /** Adds the directive once per JVM; the launcher's own flag makes it redundant but harmless. */
    static synchronized void install() {
        if (installed || Runtime.version().feature() >= FIRST_CLEAN_FEATURE || launcherExcluded()) {
            installed = true;
            return;
        }
        installed = true;
        try {
            addDirective();
        } catch (Exception | LinkageError e) {
            // No management module, or directives refused: the search runs as before (the launcher's flag still guards it).
        }
    }

    /** Adds the directive to this JVM's compiler; returns the JVM's reply ("2 compiler directives added" when it took). */
    static String addDirective() throws Exception {
        Path file = Files.createTempFile("paxsim-c2-directive", ".json");
        try {
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            return String.valueOf(reply).strip();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Whether the JVM's flags already exclude the method (the launcher passes them: no management beans at start). */
    private static boolean launcherExcluded() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:CompileCommand=exclude,io.paxsim.testbed.explore.DeepCopier::copy")) {
                return true;
            }
        }
        return false;
    }
}
