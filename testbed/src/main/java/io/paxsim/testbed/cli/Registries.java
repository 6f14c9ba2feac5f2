package io.paxsim.testbed.cli;

import io.paxsim.faults.FaultProfile;
import io.paxsim.faults.FaultProfiles;
import io.paxsim.paxos.Mutant;
import io.paxsim.paxos.Variants;
import io.paxsim.testbed.pipeline.Environments;
import io.paxsim.testbed.pipeline.Pathologies;
import io.paxsim.testbed.workload.Workloads;

import java.io.PrintWriter;
import java.util.Map;

/** {@code paxsim run --list}: every stable name a scenario can use, with its one-line description. */
final class Registries {
    private Registries() {
    }

    static void print(PrintWriter out) {
        section(out, "workloads (--workload)", Workloads.descriptions());
        out.println("fault profiles (--faults)");
        for (FaultProfile p : FaultProfiles.all()) {
            out.printf("  %-22s %s%n", p.name(), p.description());
        }
        out.println("variants (--variant)");
        for (Variants.Variant v : Variants.all()) {
            out.printf("  %-22s %s%n", v.name(), v.description());
        }
        out.println("mutants (--mutant)");
        for (Mutant m : Mutant.values()) {
            out.printf("  %-22s %s%n", m.cliName(), m.description());
        }
        section(out, "pathological scenarios (--scenario)", Pathologies.descriptions());
        section(out, "environments (--environment)", Environments.descriptions());
        out.println("rate shapes (--rate R --rate-shape S): constant, ramp (R/10 -> R), step (R/2 -> R at half time), "
                + "bursts (5R for 100 ms each second), sinusoid (R +- 0.8R, 1 s period)");
        out.flush();
    }

    private static void section(PrintWriter out, String title, Map<String, String> entries) {
        out.println(title);
        entries.forEach((name, description) -> out.printf("  %-22s %s%n", name, description));
    }
}
