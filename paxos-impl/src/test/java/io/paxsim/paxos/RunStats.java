package io.paxsim.paxos;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

/** Counts what a run exercised, so tests can require that their faults actually happened ("sometimes" goals). */
final class RunStats implements SimObserver {
    long leaderChanges;
    long recoveries;
    long repairedCopies;
    long truncations;
    long damagedSlots;
    long amnesiacRecoveries;
    long compactions;
    long snapshotInstalls;

    @Override
    public void onObservation(Simulation sim, int node, Object o) {
        if (o instanceof PaxosObservation.BecameLeader) {
            leaderChanges++;
        } else if (o instanceof PaxosObservation.Recovered r) {
            recoveries++;
            repairedCopies += r.repairedCopies();
            truncations += r.truncatedBytes() > 0 ? 1 : 0;
            damagedSlots += r.damagedSlots();
            amnesiacRecoveries += r.amnesiac() ? 1 : 0;
        } else if (o instanceof PaxosObservation.WalCompacted) {
            compactions++;
        } else if (o instanceof PaxosObservation.SnapshotInstalled) {
            snapshotInstalls++;
        }
    }

    void add(RunStats o) {
        leaderChanges += o.leaderChanges;
        recoveries += o.recoveries;
        repairedCopies += o.repairedCopies;
        truncations += o.truncations;
        damagedSlots += o.damagedSlots;
        amnesiacRecoveries += o.amnesiacRecoveries;
        compactions += o.compactions;
        snapshotInstalls += o.snapshotInstalls;
    }

    @Override
    public String toString() {
        return "leaderChanges=" + leaderChanges + " recoveries=" + recoveries + " repairedCopies=" + repairedCopies
                + " truncations=" + truncations + " damagedSlots=" + damagedSlots + " amnesiac=" + amnesiacRecoveries
                + " compactions=" + compactions + " snapshotInstalls=" + snapshotInstalls;
    }
}
