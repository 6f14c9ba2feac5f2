package io.paxsim.testkit.example;

import io.paxsim.testkit.FaultMenu;
import io.paxsim.testkit.SimArbitraries;
import io.paxsim.testkit.SimHarness;
import io.paxsim.testkit.SimProperty;
import io.paxsim.testkit.SimRun;
import io.paxsim.testkit.Sometimes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** The README example, correct version: the primary answers every read, and the register is linearizable. */
class PrimaryBackupProperties {
    static final SimHarness HARNESS = SimHarness.forProtocol(id -> new PrimaryBackupRegister(false))
            .name("primary-backup")
            .goals(Sometimes.PARTITION_HEALED,
                    Sometimes.observed("resent to a lagging backup", o -> o instanceof PrimaryBackupRegister.ResentToLaggingBackup))
            .build();

    @SimProperty(tries = 15)
    void registerIsLinearizable(@ForAll("runs") SimRun run) {
        HARNESS.check(run);
    }

    /**
     * Three replicas, 60-250 ms runs, ten clients (some read from each replica), the register workload, up to four
     * network faults (the protocol keeps nothing on disk).
     */
    @Provide
    static Arbitrary<SimRun> runs() {
        return SimArbitraries.runs(FaultMenu.NETWORK, 4, SimArbitraries.clusterSizes(3), Arbitraries.just("primary-backup"),
                SimArbitraries.workloads("register"), 60, 250).map(run -> run.withClients(10));
    }

    @AfterContainer
    static void everyGoalReached() {
        System.out.println(HARNESS.coverage().table());
        HARNESS.coverage().assertReached();
    }
}
