package io.paxsim.sim.explore;

import io.paxsim.sim.Scheduler;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.Timer;

import java.util.List;

/**
 * What an explorer explores: a recipe for a fresh world (the same nodes a simulation runs, on a
 * scheduler the explorer controls) and the properties to check in it. Lives outside the
 * runtime's knowledge of any protocol: the testbed implements it for Paxos.
 */
public interface ExploreModel {
    /** A fresh, unstarted world whose simulation uses {@code scheduler}; the explorer starts it. */
    Instance instantiate(Scheduler scheduler);

    /**
     * The time model: how much true time passes before {@code timer} of {@code node} fires. A
     * positive delay counts against the timeout budget; zero (e.g. a client's "issue next op")
     * does not.
     */
    long timerDelayNanos(int node, Timer timer);

    /**
     * True when every fsync completes as soon as it is issued, inside the action whose handler
     * issued it, instead of being an action of its own: a restriction of the search (no handler
     * runs between a write and its fsync, and a crash finds nothing unsynced) that cuts depth and
     * branching for bugs that do not need a slow disk. A counterexample found under it is real.
     */
    default boolean fsyncsCompleteAtOnce() {
        return false;
    }

    /**
     * How counterexample steps name {@code node}: "node 3" unless the model says what it is (a
     * client among replicas, say), so that a step at a client does not read as one at a replica.
     */
    default String nodeName(int node) {
        return "node " + node;
    }

    /** Names of the "sometimes" goals, in the bit order of {@link Instance#sometimesReached()}. */
    List<String> sometimesGoals();

    /** One world: its simulation and the properties observed in it. */
    interface Instance {
        Simulation simulation();

        /** The first violated "always" property (checked after every action), or null. */
        String violation();

        /** A property checked at terminal states (nothing enabled), e.g. linearizability; null if it holds. */
        String terminalViolation();

        /**
         * A "verdict is unknown" note from the terminal check (a checker out of budget), or null.
         * Called right after {@link #terminalViolation()}.
         */
        default String terminalUnknown() {
            return null;
        }

        /** Bit i set when sometimes goal i has been reached on this path. */
        long sometimesReached();

        /**
         * Path-dependent state the properties read that the nodes' own histories do not determine
         * (e.g. the real-time order of client operations across clients); part of the fingerprint.
         */
        long ghostFingerprint();

        /** Nodes the explorer may crash and recover (replicas, not clients). */
        boolean crashable(int node);

        /**
         * Nodes whose events are ordered against each other by a property (clients, whose
         * real-time order matters to linearizability): never treated as independent.
         */
        boolean ordered(int node);

        /**
         * The model's word that {@code node}'s enabled actions are independent of every action the
         * other nodes can take from here until {@code node} itself acts: nothing can reach
         * {@code node} before it acts (no message to it, no timer or fsync of it but its own), and
         * no property judges when it acts relative to them (no clock or order it reads is checked).
         * Its actions then form a persistent set ({@link World#persistentSet}). Default: false.
         */
        default boolean actsIndependently(int node) {
            return false;
        }

        /**
         * Whether {@code timer} of {@code node} may fire here. Must depend on that node's own state
         * only (it is part of the node's footprint): e.g. a replica that reached the ballot bound
         * starts no further election.
         */
        default boolean timerAllowed(int node, Timer timer) {
            return true;
        }

        /**
         * The liveness phase begins (faults have stopped): raise the bounds that cut progress,
         * e.g. allow {@code moreRounds} further ballot rounds, so "eventually" is not refuted by a
         * search bound instead of the protocol.
         */
        default void enterLivenessPhase(int moreRounds) {
        }

        /** True when the state lies beyond a model bound (e.g. more ballots than allowed): not expanded. */
        default boolean beyondBounds() {
            return false;
        }
    }
}
