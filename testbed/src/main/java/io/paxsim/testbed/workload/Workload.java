package io.paxsim.testbed.workload;

import java.util.List;

/**
 * Generates client operations for one run and names the checkers that judge the resulting
 * history. One instance per run; it may keep run-wide state (unique values, rolled-over keys)
 * because a simulation is single-threaded and every process draws from its own stream.
 */
public interface Workload {
    /** The stable name used by the CLI and the reports. */
    String name();

    /** Names of the checkers (see {@link CheckerNames}) that judge this workload's history. */
    List<String> checkers();

    /** A fresh Jepsen process; a process replaced after a timeout gets a new one. */
    WorkloadProcess newProcess(long process);

    /** Reads issued after healing, whose results the durability checkers compare with acknowledged writes. */
    List<Operation> finalReads();
}
