package io.paxsim.testbed.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The JVM accepts the guard's compiler directive (a malformed one is refused with a reply, not an
 * exception, and would leave a plain {@code java -jar} explore exposed to the JDK 17.0.15 C2 crash).
 */
class CopierCompileGuardTest {
    @Test
    void theJvmTakesBothDirectives() throws Exception {
        assertEquals("2 compiler directives added", CopierCompileGuard.addDirective());
    }
}
