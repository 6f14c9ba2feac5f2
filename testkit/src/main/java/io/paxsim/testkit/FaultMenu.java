package io.paxsim.testkit;

import io.paxsim.faults.Fault;
import io.paxsim.faults.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;

/**
 * Which faults generated schedules draw from, each with the targets it makes sense on. Only faults
 * a correct protocol can always survive are here: storage faults that damage synced data need the
 * fault atlas's explicit targets and come from the fault profiles instead.
 */
public enum FaultMenu {
    /** Partitions, one-way cuts, clogs, loss, duplication and delay: for protocols without durable state too. */
    NETWORK,
    /** Crash/restart (also during fsync, losing unsynced writes) and pauses: protocols must persist what they promise. */
    PROCESSES,
    /** Clock skew, drift and jumps. */
    CLOCKS,
    /** All of the above. */
    ALL;

    /** Each fault of this menu with its possible targets; earlier entries are simpler (jqwik shrinks toward them). */
    Arbitrary<FaultAndTarget> arbitrary() {
        List<Arbitrary<FaultAndTarget>> choices = new ArrayList<>();
        if (this == NETWORK || this == ALL) {
            choices.add(fixed(new Fault.Isolate(), new Target.Leader(), new Target.RandomNode()));
            choices.add(fixed(new Fault.PartitionMajorityMinority(), new Target.RandomMinority()));
            choices.add(fixed(new Fault.PartitionHalves(), new Target.All()));
            choices.add(fixed(new Fault.PartitionRing(), new Target.All()));
            choices.add(fixed(new Fault.PartitionBridge(), new Target.All()));
            choices.add(Arbitraries.of(true, false).map(in -> new FaultAndTarget(new Fault.CutOneWay(in), new Target.RandomNode())));
            choices.add(fixed(new Fault.ClogSwizzle(), new Target.RandomMinority()));
            choices.add(Arbitraries.doubles().between(0.05, 0.5).ofScale(2)
                    .map(p -> new FaultAndTarget(new Fault.LossBurst(p), new Target.RandomNode())));
            choices.add(Arbitraries.doubles().between(0.05, 0.3).ofScale(2)
                    .map(p -> new FaultAndTarget(new Fault.DuplicateBurst(p), new Target.All())));
            choices.add(Arbitraries.longs().between(1, 50).map(ms -> new FaultAndTarget(new Fault.DelayBurst(ms * 1_000_000L),
                    new Target.RandomNode())));
        }
        if (this == PROCESSES || this == ALL) {
            choices.add(fixed(new Fault.CrashRestart(), new Target.Leader(), new Target.RandomNode(), new Target.RandomMinority()));
            choices.add(fixed(new Fault.Pause(), new Target.Leader(), new Target.RandomNode()));
            choices.add(fixed(new Fault.CrashLostWrites(), new Target.RandomNode()));
            choices.add(Arbitraries.longs().between(1, 200).map(ms -> new FaultAndTarget(new Fault.CrashDuringFsync(ms * 1_000_000L),
                    new Target.RandomNode())));
        }
        if (this == CLOCKS || this == ALL) {
            choices.add(Arbitraries.longs().between(-500, 500).map(ms -> new FaultAndTarget(new Fault.ClockSkew(ms * 1_000_000L),
                    new Target.RandomNode())));
            choices.add(Arbitraries.longs().between(-1000, 1000).map(ppm -> new FaultAndTarget(new Fault.ClockDrift(ppm),
                    new Target.RandomNode())));
            choices.add(Arbitraries.longs().between(-1000, 1000).map(ms -> new FaultAndTarget(new Fault.ClockJump(ms * 1_000_000L),
                    new Target.RandomNode())));
        }
        return Arbitraries.oneOf(choices);
    }

    private static Arbitrary<FaultAndTarget> fixed(Fault fault, Target... targets) {
        return Arbitraries.of(targets).map(t -> new FaultAndTarget(fault, t));
    }

    /** A fault with the replicas it hits. */
    record FaultAndTarget(Fault fault, Target target) {
    }
}
