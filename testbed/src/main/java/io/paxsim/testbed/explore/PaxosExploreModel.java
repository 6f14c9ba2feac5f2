package io.paxsim.testbed.explore;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.linear.LinearizabilityChecker;
import io.paxsim.checkers.linear.Models;
import io.paxsim.paxos.InvariantMonitor;
import io.paxsim.paxos.PaxosCluster;
import io.paxsim.paxos.PaxosConfig;
import io.paxsim.paxos.PaxosObservation;
import io.paxsim.paxos.PaxosReplica;
import io.paxsim.paxos.api.Command;
import io.paxsim.sim.Node;
import io.paxsim.sim.Scheduler;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.Timer;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.explore.ExploreModel;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.trace.TraceSink;

import java.util.ArrayList;
import java.util.List;

/**
 * The Paxos cluster as an explore model: the same {@link PaxosReplica}s `paxsim run` simulates,
 * clients with a tiny register workload, the online invariant monitors as "always" properties,
 * linearizability of the client history at terminal states, and four "sometimes" goals.
 *
 * <p>Time model: a replica's tick fires {@link #tickDelayNanos} after the previous event, longer
 * than any deadline a replica keeps (the longest election wait), on one clock without drift. So a
 * tick is "a node that waited long enough for its timeouts": elections, check-quorum and retransmits
 * all get their turn, message delays are unbounded, and lease reads keep the clock assumption they
 * rely on. Ticks are counted against {@code maxTimeouts}, which bounds the search.
 */
public final class PaxosExploreModel implements ExploreModel {
    public static final List<String> GOALS = List.of("value-chosen", "leader-changed", "crash-recovered", "client-answered");

    private final Spec spec;
    private final PaxosConfig config;
    private final long tickDelayNanos;
    private final TraceSink traceSink;

    /**
     * Restrictions of the search: each removes behaviours, so a counterexample found under them is
     * real (and shortest among the restricted behaviours), while an exhausted restricted space
     * proves nothing about what was left out. Printed with every result and kept in explore.json.
     *
     * @param fsyncAtOnce  every fsync completes inside the action that issued it (see
     *                     {@link ExploreModel#fsyncsCompleteAtOnce()}) instead of being a choice of its own
     * @param clientTarget the one replica clients send new requests to (-1: any, each a choice)
     * @param candidates   bit i set: replica i may start elections (its tick fires while it follows);
     *                     a leader's tick (heartbeats, retransmits, check-quorum) is never restricted
     */
    public record Restrictions(boolean fsyncAtOnce, int clientTarget, long candidates) {
        public static final Restrictions NONE = new Restrictions(false, -1, -1L);

        public boolean any() {
            return !equals(NONE);
        }

        public boolean mayCandidate(int replica) {
            return (candidates >>> replica & 1) != 0;
        }

        /** For humans: what is restricted, or "none". */
        public String describe(int nodes) {
            List<String> parts = new ArrayList<>();
            if (fsyncAtOnce) {
                parts.add("fsyncs complete at once (no slow-disk interleavings, nothing unsynced at a crash)");
            }
            if (clientTarget >= 0) {
                parts.add("clients send only to replica " + clientTarget);
            }
            if (candidates != -1L) {
                parts.add("only replicas " + candidateList(nodes) + " start elections");
            }
            return parts.isEmpty() ? "none" : String.join("; ", parts);
        }

        public List<Integer> candidateList(int nodes) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                if (mayCandidate(i)) {
                    out.add(i);
                }
            }
            return out;
        }

        public static long candidateMask(List<Integer> replicas) {
            long mask = 0;
            for (int r : replicas) {
                if (r < 0 || r >= 64) {
                    throw new IllegalArgumentException("--candidates must list replica numbers: " + r);
                }
                mask |= 1L << r;
            }
            return mask;
        }
    }

    /** What to explore, by stable names, and how the search is restricted. */
    public record Spec(int nodes, int clients, int ops, String variant, String mutant, int maxBallots, long seed,
                       Restrictions restrictions) {
        /** The unrestricted model. */
        public Spec(int nodes, int clients, int ops, String variant, String mutant, int maxBallots, long seed) {
            this(nodes, clients, ops, variant, mutant, maxBallots, seed, Restrictions.NONE);
        }

        public Spec {
            if (nodes < 1 || nodes > PaxosConfig.MAX_CLUSTER_SIZE) {
                throw new IllegalArgumentException("--nodes must be 1.." + PaxosConfig.MAX_CLUSTER_SIZE + ": " + nodes);
            }
            if (restrictions.clientTarget() < -1 || restrictions.clientTarget() >= nodes) {
                throw new IllegalArgumentException("--client-to must be a replica 0.." + (nodes - 1) + " or any: "
                        + restrictions.clientTarget());
            }
            if (restrictions.candidates() != -1L && (restrictions.candidates() == 0 || restrictions.candidates() >>> nodes != 0)) {
                throw new IllegalArgumentException("--candidates must list replicas among 0.." + (nodes - 1));
            }
            if (clients < 0 || ops < 0) {
                throw new IllegalArgumentException("--clients and --ops must be >= 0: " + clients + ", " + ops);
            }
            if (maxBallots < 1) {
                throw new IllegalArgumentException("--max-ballots must be >= 1: " + maxBallots);
            }
            if (ops > 0 && clients == 0) {
                throw new IllegalArgumentException("--ops " + ops + " needs at least one client (--clients)");
            }
        }
    }

    public PaxosExploreModel(Spec spec) {
        this(spec, null);
    }

    /** With a trace sink (a replay that dumps its trace). */
    public PaxosExploreModel(Spec spec, TraceSink traceSink) {
        this.spec = spec;
        this.config = PaxosCluster.config(spec.variant(), spec.nodes(), spec.mutant());
        this.tickDelayNanos = 2 * config.electionTimeoutNanos();
        this.traceSink = traceSink;
    }

    public Spec spec() {
        return spec;
    }

    public PaxosConfig config() {
        return config;
    }

    /** How far the clock moves when a replica's tick fires (the explored time model's one step). */
    public long tickDelayNanos() {
        return tickDelayNanos;
    }

    /** Operation i of the workload: writes of unique values interleaved with reads, all on one register. */
    static Command op(int i) {
        return i % 2 == 0 ? new Command.Write("r0", i + 1) : new Command.Read("r0");
    }

    /** The client history recorded so far in a world of this model (times are positions: 0, 1, 2 ...). */
    static io.paxsim.history.History historyOf(io.paxsim.sim.explore.World world) {
        return ((PaxosInstance) world.instance()).history.history();
    }

    @Override
    public Instance instantiate(Scheduler scheduler) {
        return new PaxosInstance(scheduler);
    }

    @Override
    public long timerDelayNanos(int node, Timer timer) {
        return node < spec.nodes() || timer instanceof ExploreClient.Retry ? tickDelayNanos : 0;
    }

    /** Replicas are nodes 0..n-1; the clients come after them and are named as clients in counterexample steps. */
    @Override
    public String nodeName(int node) {
        return node < spec.nodes() ? "node " + node : "client " + node;
    }

    @Override
    public boolean fsyncsCompleteAtOnce() {
        return spec.restrictions().fsyncAtOnce();
    }

    @Override
    public List<String> sometimesGoals() {
        return GOALS;
    }

    private final class PaxosInstance implements Instance, SimObserver, io.paxsim.sim.Copyable,
            io.paxsim.sim.ExplicitStateHash {
        private final Simulation sim;
        private final InvariantMonitor monitor;
        private final ExploreHistory history;
        private long goals;
        private int leaderElections;
        private String terminalUnknown;
        private long ballotRoundsMax = spec.maxBallots();
        /** In the eventually check's fault-free continuation every replica may start elections. */
        private boolean liveness;

        /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}). */
        @Override
        public PaxosInstance copy(io.paxsim.sim.Copyable.Copies copies) {
            return new PaxosInstance(this, copies);
        }

        private PaxosInstance(PaxosInstance o, io.paxsim.sim.Copyable.Copies copies) {
            copies.remember(o, this);
            this.sim = copies.of(o.sim);
            this.monitor = copies.of(o.monitor);
            this.history = copies.of(o.history);
            this.goals = o.goals;
            this.leaderElections = o.leaderElections;
            this.terminalUnknown = o.terminalUnknown;
            this.ballotRoundsMax = o.ballotRoundsMax;
            this.liveness = o.liveness;
        }

        /**
         * This instance's own state for the explorer's fingerprint: the client history (its own hash),
         * goals reached, elections seen, the terminal check's note, the ballot bound and the liveness
         * phase. The simulation and the monitor are hashed as the world's simulation and its
         * observer (these fields always hold those very objects); the model is the same in every state.
         */
        @Override
        public long explicitStateHash() {
            long h = io.paxsim.sim.ExplicitStateHash.mix(0x50494E53L, history.explicitStateHash());
            h = io.paxsim.sim.ExplicitStateHash.mix(h, goals);
            h = io.paxsim.sim.ExplicitStateHash.mix(h, leaderElections);
            h = io.paxsim.sim.ExplicitStateHash.mix(h, io.paxsim.sim.ExplicitStateHash.string(terminalUnknown));
            h = io.paxsim.sim.ExplicitStateHash.mix(h, ballotRoundsMax);
            return io.paxsim.sim.ExplicitStateHash.mix(h, liveness ? 1 : 0);
        }

        PaxosInstance(Scheduler scheduler) {
            this.monitor = new InvariantMonitor(config);
            this.history = new ExploreHistory();
            DiskConfig disk = DiskConfig.defaults().withFsyncFailProbability(0).withMisdirectedWriteProbability(0);
            Simulation.Builder b = PaxosCluster.configure(Simulation.builder(spec.seed()), config)
                    .scheduler(scheduler)
                    .defaultLink(LinkConfig.lan().withLossProbability(0).withDuplicateProbability(0))
                    .disk(disk)
                    .observer(monitor)
                    .observer(this);
            if (traceSink != null) {
                b.traceSink(traceSink);
            }
            for (int c = 0; c < spec.clients(); c++) {
                List<Command> ops = new ArrayList<>();
                for (int i = c; i < spec.ops(); i += spec.clients()) {
                    ops.add(op(i));
                }
                Node client = new ExploreClient(spec.nodes(), spec.restrictions().clientTarget(), ops, history);
                b.node(id -> client);
            }
            sim = b.build();
        }

        @Override
        public Simulation simulation() {
            return sim;
        }

        @Override
        public String violation() {
            monitor.settle(sim);
            return monitor.violation().map(v -> v.invariant() + ": " + v.message()).orElse(null);
        }

        @Override
        public String terminalViolation() {
            terminalUnknown = null;
            if (history.size() == 0) {
                return null;
            }
            LinearizabilityChecker<?, ?, ?> checker = Models.checker("kv", CheckerOptions.defaults());
            Verdict v = checker.check(history.history(), Budget.defaults().withMaxSearchSteps(10_000_000));
            if (v instanceof Verdict.Illegal) {
                return "linearizable: " + v.summary();
            }
            if (v instanceof Verdict.Unknown) {
                terminalUnknown = v.summary();
            }
            return null;
        }

        @Override
        public String terminalUnknown() {
            return terminalUnknown;
        }

        @Override
        public long sometimesReached() {
            return goals;
        }

        @Override
        public long ghostFingerprint() {
            return history.fingerprint();
        }

        @Override
        public boolean crashable(int node) {
            return node < spec.nodes();
        }

        @Override
        public boolean ordered(int node) {
            return node >= spec.nodes();
        }

        /**
         * A client whose first operation is a write it has not sent, while no other client has sent
         * anything: no replica can message it before it sends (replicas only answer requests), its
         * handler keeps no clock, the monitors judge only a read's send time (read freshness), and
         * no other client can complete an operation before it (their sends, enabled beside its own,
         * are ordered against it, so the explorer keeps every order of them).
         */
        @Override
        public boolean actsIndependently(int node) {
            if (node < spec.nodes() || !(sim.node(node) instanceof ExploreClient c) || !c.unsentWrite()) {
                return false;
            }
            for (int other = spec.nodes(); other < sim.nodeCount(); other++) {
                if (sim.node(other) instanceof ExploreClient o && o.hasSent()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A replica that reached round maxBallots ticks no more unless it leads (a leader's tick
         * heartbeats, retransmits or steps down; only a follower's tick can start an election), so
         * no ballot goes past the bound.
         */
        @Override
        public boolean timerAllowed(int node, Timer timer) {
            if (timer instanceof ExploreClient.Retry) {
                return liveness && ((ExploreClient) sim.node(node)).awaitingReply(); // a request timeout: see ExploreClient
            }
            return node >= spec.nodes() || !(sim.node(node) instanceof PaxosReplica r) || r.isLeader()
                    || r.highestBallotRound() < ballotRoundsMax && (liveness || spec.restrictions().mayCandidate(node));
        }

        @Override
        public void enterLivenessPhase(int moreRounds) {
            long highest = 0;
            for (int i = 0; i < spec.nodes(); i++) {
                if (sim.node(i) instanceof PaxosReplica r) {
                    highest = Math.max(highest, r.highestBallotRound());
                }
            }
            ballotRoundsMax = Math.max(ballotRoundsMax, highest) + moreRounds;
            liveness = true;
        }

        @Override
        public void onObservation(Simulation s, int node, Object observation) {
            if (observation instanceof PaxosObservation.Chosen) {
                goals |= 1;
            } else if (observation instanceof PaxosObservation.BecameLeader && ++leaderElections > 1) {
                goals |= 2;
            } else if (observation instanceof PaxosObservation.Recovered) {
                goals |= 4;
            } else if (observation instanceof ExploreClient.Answered) {
                goals |= 8; // when the client gets its reply: a reply sent and then lost answers no one
            }
        }
    }
}
