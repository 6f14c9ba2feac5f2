package io.paxsim.faults;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The team's determinism rules, enforced on this module's main code. */
class DeterminismRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.paxsim.faults");

    @Test
    void noWallClockRandomThreadsHashOrderOrIo() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().resideInAPackage("java.io..")
                .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
                .orShould().dependOnClassesThat().resideInAPackage("java.time..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "identityHashCode", Object.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(Math.class, "log", double.class)
                .orShould().callMethod(Math.class, "exp", double.class)
                .orShould().callMethod(Math.class, "pow", double.class, double.class)
                .check(MAIN);
    }
}
