package io.paxsim.testbed.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.paxsim.testbed.arch.fixture.PlantedViolations;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 1 of the team brief, enforced: the runtime, the protocol and the fault injectors are
 * deterministic (see {@link DeterminismRules} for each rule and how hash order is handled).
 * The rules are themselves tested on planted violations, so a rule that matches nothing fails.
 */
class DeterminismArchTest {
    static final String[] SIMULATED = {"io.paxsim.sim..", "io.paxsim.paxos..", "io.paxsim.faults.."};
    private static final String FIXTURE = PlantedViolations.class.getPackageName() + "..";

    static {
        // ArchUnit logs every imported class at DEBUG; logback's default would print them all.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech.archunit"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void simulatedCodeIsDeterministic() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Under `mvn verify` the modules arrive as jars, so jars stay in; test jars do not.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.paxsim");
        assertTrue(production.contain(io.paxsim.sim.Simulation.class), "the runtime was not imported");
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, ArchRule> rule : DeterminismRules.all(SIMULATED).entrySet()) {
            EvaluationResult result = rule.getValue().allowEmptyShould(true).evaluate(production);
            if (result.hasViolation()) {
                failures.append(rule.getKey()).append(":\n").append(result.getFailureReport()).append('\n');
            }
        }
        assertEquals("", failures.toString());
    }

    @Test
    void eachRuleCatchesItsPlantedViolationAndNothingElse() {
        JavaClasses fixtures = new ClassFileImporter().importPackages(PlantedViolations.class.getPackageName());
        Map<String, List<String>> expected = Map.of(
                "no-wall-clock", List.of("WallClock"),
                "no-unseeded-random", List.of("UnseededRandom"),
                "no-threads", List.of("Threads", "UnseededRandom"), // ThreadLocalRandom is java.util.concurrent
                "no-identity-hash", List.of("IdentityHash"),
                "no-real-io", List.of("RealIo"),
                "no-transcendental-math", List.of("TranscendentalMath"),
                "no-hash-order", List.of("HashOrder", "HashOrderByCollector"));
        Map<String, ArchRule> rules = DeterminismRules.all(FIXTURE);
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(rules.keySet()));
        for (Map.Entry<String, ArchRule> rule : rules.entrySet()) {
            EvaluationResult result = rule.getValue().evaluate(fixtures);
            assertTrue(result.hasViolation(), rule.getKey() + " missed its planted violation");
            TreeSet<String> offenders = new TreeSet<>();
            for (String line : result.getFailureReport().getDetails()) {
                for (String name : List.of("WallClock", "UnseededRandom", "Threads", "IdentityHash", "RealIo",
                        "TranscendentalMath", "HashOrderByCollector", "HashOrder", "ReviewedHashUse", "Clean")) {
                    if (line.contains("PlantedViolations$" + name + ".") || line.contains("PlantedViolations$" + name + "$")
                            || line.contains("PlantedViolations$" + name + " ")) {
                        offenders.add(name);
                        break;
                    }
                }
            }
            assertEquals(new TreeSet<>(expected.get(rule.getKey())), offenders,
                    rule.getKey() + " flagged the wrong classes:\n" + result.getFailureReport());
            assertFalse(offenders.contains("Clean") || offenders.contains("ReviewedHashUse"));
        }
    }
}
