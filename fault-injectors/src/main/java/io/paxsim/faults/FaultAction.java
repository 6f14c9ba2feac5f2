package io.paxsim.faults;

import io.paxsim.sim.SimAction;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/**
 * The events a {@link FaultInjector} puts on the simulation's timeline. They are records so the
 * trace shows what each one is, and they hash by content (entry number and entry), never by
 * identity, so a parsed schedule replays to the same trace hash as the generated one.
 */
public sealed interface FaultAction extends SimAction, StableHash {
    /** Index of the schedule entry this action belongs to. */
    int entryIndex();

    /** Starts entry {@code entryIndex}: resolves its targets and applies the fault. */
    record Start(FaultInjector injector, int entryIndex) implements FaultAction {
        @Override
        public void apply(Simulation sim) {
            injector.startEntry(entryIndex);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(0x5354L ^ entryIndex ^ injector.entryHash(entryIndex));
        }

        @Override
        public String toString() {
            return "fault-start #" + entryIndex + " " + injector.entry(entryIndex).describe();
        }
    }

    /** Ends entry {@code entryIndex}: heals, restarts, resumes, unclogs or restores what it did. */
    record End(FaultInjector injector, int entryIndex) implements FaultAction {
        @Override
        public void apply(Simulation sim) {
            injector.endEntry(entryIndex);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(0x454EL ^ entryIndex ^ injector.entryHash(entryIndex));
        }

        @Override
        public String toString() {
            return "fault-end #" + entryIndex + " " + injector.entry(entryIndex).fault().name();
        }
    }

    /** Crashes {@code node}, which has just issued an fsync (crash-during-fsync). */
    record FsyncCrash(FaultInjector injector, int entryIndex, int node) implements FaultAction {
        @Override
        public void apply(Simulation sim) {
            injector.crashAfterFsync(entryIndex, node);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(0x4643L ^ ((long) node << 32) ^ entryIndex);
        }

        @Override
        public String toString() {
            return "fault-fsync-crash #" + entryIndex + " node " + node;
        }
    }

    /** Restarts {@code node} after a crash-during-fsync. */
    record FsyncRestart(FaultInjector injector, int entryIndex, int node) implements FaultAction {
        @Override
        public void apply(Simulation sim) {
            injector.restartAfterFsyncCrash(entryIndex, node);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(0x4652L ^ ((long) node << 32) ^ entryIndex);
        }

        @Override
        public String toString() {
            return "fault-fsync-restart #" + entryIndex + " node " + node;
        }
    }

    /** Step {@code step} of a clog-swizzle: clogs or releases one node's traffic. */
    record SwizzleStep(FaultInjector injector, int entryIndex, int step) implements FaultAction {
        @Override
        public void apply(Simulation sim) {
            injector.swizzleStep(entryIndex, step);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(0x535AL ^ ((long) step << 32) ^ entryIndex);
        }

        @Override
        public String toString() {
            return "fault-swizzle-step #" + entryIndex + " step " + step;
        }
    }
}
