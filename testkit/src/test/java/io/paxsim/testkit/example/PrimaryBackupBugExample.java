package io.paxsim.testkit.example;

import io.paxsim.testkit.SimHarness;
import io.paxsim.testkit.SimProperty;
import io.paxsim.testkit.SimRun;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The README example with its planted bug (a backup answers reads from its own copy). This property
 * fails; its name keeps it out of the default test run, and {@link PrimaryBackupBugTest} runs it
 * and checks that it fails, shrinks and replays.
 */
class PrimaryBackupBugExample {
    static final SimHarness HARNESS = SimHarness.forProtocol(id -> new PrimaryBackupRegister(true))
            .name("primary-backup-bug")
            .build();

    @SimProperty(tries = 50)
    void registerIsLinearizable(@ForAll("runs") SimRun run) {
        HARNESS.check(run);
    }

    @Provide
    static Arbitrary<SimRun> runs() {
        return PrimaryBackupProperties.runs();
    }
}
