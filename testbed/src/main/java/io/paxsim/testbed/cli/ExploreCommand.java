package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.sim.trace.TraceSink;
import io.paxsim.testbed.explore.DeepCopier;
import io.paxsim.testbed.explore.ExploreRunFile;
import io.paxsim.testbed.explore.ParallelLevelExecutor;
import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.ReplicaSymmetry;
import io.paxsim.testbed.explore.StructuralHasher;
import io.paxsim.testbed.metrics.PeakLiveHeap;
import io.paxsim.testbed.output.JsonlTraceSink;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.output.StatusLine;
import io.paxsim.testbed.output.TraceFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code paxsim explore}: model-check the interleavings of the real replica code, disks and crashes included. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Systematically search the interleavings of the Paxos replicas (messages, timers, fsyncs, crashes "
                + "with every distinct fate of unsynced writes) for an invariant or linearizability violation.")
public final class ExploreCommand implements Callable<Integer> {
    /** States waiting in the frontier with their world kept (a few tens of KB each); others are rebuilt. */
    static final int KEPT_WORLDS_MAX = 10_000;
    /** Continuation states the eventually check may search per terminal state before it says UNKNOWN. */
    static final long LIVENESS_STATES_MAX = 20_000;
    /**
     * Below this depth re-executing a path would be cheaper than copying a world. A whole-world copy
     * cost about 7-12 actions; a copy-on-write copy (the world shell, plus one node on its first
     * action) costs less than re-executing even one, so worlds are copied from the root on.
     */
    static final int COPY_FROM_DEPTH = 0;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Replicas (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "2", description = "Clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", defaultValue = "1", description = "Client operations in all: writes and reads of one "
            + "register, dealt round-robin to the clients (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--max-crashes", defaultValue = "0", description = "Crashes per path (default: ${DEFAULT-VALUE}).")
    int maxCrashes;

    @Option(names = "--max-drops", defaultValue = "0", description = "Message losses per path (default: ${DEFAULT-VALUE}).")
    int maxDrops;

    @Option(names = "--max-duplicates", defaultValue = "0", description = "Message duplications per path (default: ${DEFAULT-VALUE}).")
    int maxDuplicates;

    @Option(names = "--max-timeouts", defaultValue = "2", description = "Replica ticks per path; each comes after every "
            + "timeout a replica keeps has expired (default: ${DEFAULT-VALUE}).")
    int maxTimeouts;

    @Option(names = "--max-ballots", defaultValue = "2", description = "Highest ballot round an election may reach (default: ${DEFAULT-VALUE}).")
    int maxBallots;

    @Option(names = "--strategy", defaultValue = "auto", description = "auto (depth-first with kept worlds, the "
            + "fastest way to exhaust a space; when it finds a violation or --max-states cuts it, the same search is run "
            + "again breadth-first, so a counterexample is a shortest one and a cut search covers every state up to some "
            + "depth; with --max-depth, --jobs N or --branch ancestor or keep it is bfs), bfs (shortest counterexample), dfs (depth-first, to "
            + "--max-depth if given; counterexample shrunk), random (seeded walks, see --walk-mix; counterexample shrunk) "
            + "or delay-bounded (every schedule within "
            + "--max-delays deviations of a default schedule, fewest deviations first: reaches long counterexamples bfs "
            + "cannot; never exhaustive) (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--max-delays", defaultValue = "3", description = "delay-bounded: deviations from the default "
            + "schedule per path (a fault, or any action other than the default one) (default: ${DEFAULT-VALUE}).")
    int maxDelays;

    @Option(names = "--default-schedule", defaultValue = "lifo", description = "delay-bounded: the schedule deviations "
            + "are counted from: lifo (newest message first) or fifo (oldest first); both deliver before restarts and "
            + "restarts before ticks (default: ${DEFAULT-VALUE}).")
    String defaultSchedule;

    @Option(names = "--no-partitions", description = "delay-bounded: cutting a replica off (or healing) is no "
            + "deviation of its own; keeping a replica out of an exchange then costs one deviation per message.")
    boolean noPartitions;

    @Option(names = "--max-depth", defaultValue = "0", description = "Steps (actions) per path at most; the depth "
            + "printed counts the same steps (0: no bound).")
    int maxDepth;

    @Option(names = "--max-states", defaultValue = "1000000", description = "Stop after this many unique states "
            + "(0: no bound) (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--walks", defaultValue = "10000", description = "Random walks (strategy random) (default: ${DEFAULT-VALUE}).")
    long walks;

    @Option(names = "--walk-mix", defaultValue = "mixed", description = "How random walks pick actions: uniform, "
            + "swarm (each walk weighs kinds of action differently, spreads its fault and tick budgets over the walk, "
            + "prefers newer or older messages, may aim its crash at a node that just broadcast, and lets a restarted "
            + "replica time out first) or mixed (alternate) (default: ${DEFAULT-VALUE}).")
    String walkMix;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random walks and of the replicas' "
            + "streams (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mutant", defaultValue = "none", description = "A planted bug (see `paxsim run --list`).")
    String mutant;

    @Option(names = "--variant", defaultValue = "majority", description = "Protocol variant (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--crash-fates", defaultValue = "prefix", description = "prefix: per file a prefix of the unsynced "
            + "writes survives and the next may tear; all: every lost/whole/torn combination (default: ${DEFAULT-VALUE}).")
    String crashFates;

    @Option(names = "--fsync", defaultValue = "choice", description = "choice: completing each pending fsync is an "
            + "action of its own (a crash may find writes unsynced); at-once: an fsync completes inside the action that "
            + "issued it, a restriction that cuts depth and states for bugs that need no slow disk "
            + "(default: ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--client-to", defaultValue = "any", description = "The replica clients send new requests to, or "
            + "any (each replica a choice) (default: ${DEFAULT-VALUE}).")
    String clientTo;

    @Option(names = "--candidates", split = ",", description = "Only these replicas start elections (a follower's "
            + "tick fires only there; leaders tick as usual): a restriction (default: every replica).")
    java.util.List<Integer> candidates;

    @Option(names = "--links", defaultValue = "any-order", description = "any-order: any in-flight message may be "
            + "delivered next; fifo: each link (sender, receiver) delivers in send order, as TCP does (a restriction; "
            + "losses and duplicates still happen) (default: ${DEFAULT-VALUE}).")
    String links;

    @Option(names = "--no-por", description = "Switch off partial-order reduction (same as --por none), to measure it.")
    boolean noPor;

    @Option(names = "--por", defaultValue = "full", description = "Partial-order reduction: full (persistent sets cut "
            + "states, sleep sets cut transitions), sleep (sleep sets only: every state is visited) or none "
            + "(default: ${DEFAULT-VALUE}).")
    String por;

    @Option(names = "--branch", description = "How a state's successors are built. dfs (and auto's depth-first "
            + "pass): copy (the default: each successor is a copy of the state, kept on the dfs stack until expanded, so "
            + "no action runs twice; the stack holds only the unexpanded siblings along one path) or replay "
            + "(re-execute its path from the root). bfs: ancestor (the default: copy a state per successor; each state "
            + "is built from a copy of the deepest kept ancestor it shares with later states of its level, only one "
            + "chain of worlds is kept), replay, keep (as ancestor, and also keep up to 10,000 new states' worlds for "
            + "their own expansion: each of those steps runs once, but the kept worlds cost more in GC than "
            + "re-execution saves) or copy (keep up to 10,000 worlds and copy a state per successor).")
    String branch;

    @Option(names = "--fingerprint", defaultValue = "state", description = "How visited states are recognised: "
            + "state (by content: interleavings that end in the same state merge) or history (by each node's event "
            + "history: merges only identical per-node histories, for comparison) (default: ${DEFAULT-VALUE}).")
    String fingerprint;

    @Option(names = "--eventually", defaultValue = "value-chosen", description = "Liveness goal checked at terminal "
            + "states where it was not reached: once faults stop, some continuation must reach it (a sometimes-goal "
            + "name, or none) (default: ${DEFAULT-VALUE}).")
    String eventually;

    @Option(names = "--liveness-timeouts", defaultValue = "3", description = "Timer firings granted to the "
            + "fault-free continuation of the eventually check (default: ${DEFAULT-VALUE}).")
    int livenessTimeouts;

    @Option(names = "--symmetry", description = "Symmetry reduction: states that differ only by a renaming of "
            + "interchangeable replicas (not in --candidates, not the --client-to target) count once (with clients and no --client-to, "
            + "no replica is interchangeable). Needs --fsync at-once, --eventually none and bfs or dfs; switches sleep sets off.")
    boolean symmetry;

    @Option(names = "--jobs", defaultValue = "1", description = "Threads expanding each bfs level; bfs and auto only "
            + "(default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--out", description = "Where a counterexample's run directory goes (default: a fresh one under runs/).")
    Path out;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    private enum Por { FULL, SLEEP, NONE }

    /** What the printed depth counts, said once beside it: actions, not states (a depth bound D lets paths reach D). */
    static final String DEPTH_MEANS = "steps from the initial state to the deepest state reached";

    /** The model's restrictions and the network's, for humans ("none" when there are none). */
    private static String restricted(PaxosExploreModel.Spec s, ExploreOptions o) {
        String fifo = "links deliver in send order (fifo)";
        if (!o.fifoLinks()) {
            return s.restrictions().describe(s.nodes());
        }
        return s.restrictions().any() ? s.restrictions().describe(s.nodes()) + "; " + fifo : fifo;
    }

    @Override
    public Integer call() throws IOException {
        PaxosExploreModel model = model();
        ExploreOptions options = options();
        if (symmetry) {
            options = symmetryOptions(model, options);
        }
        if (jobs < 1 || jobs > 256) {
            throw new UserError("--jobs must be 1..256: " + jobs);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressLine progress = new ProgressLine(json, new StatusLine(spec.commandLine().getErr(), StatusLine.stderrIsTerminal()));
        long startNanos = System.nanoTime();
        ExploreCpu cpu = ExploreCpu.start();
        ExploreResult result;
        ExploreResult cutFirstPass = null; // auto's depth-first pass, when it was cut and bfs ran after it
        String strategyNote = null;
        newExplorer(model, options, progress, null); // refuses bad options before any search runs
        PeakLiveHeap.Reading heapReading;
        try (PeakLiveHeap heap = PeakLiveHeap.start();
             ParallelLevelExecutor pool = jobs > 1 ? new ParallelLevelExecutor(jobs) : null) {
            boolean dfsFirst = isAuto() && options.strategy() == ExploreOptions.Strategy.DFS;
            // auto's depth-first pass leaves a counterexample unshrunk: breadth-first search finds the shortest
            result = newExplorer(model, options, progress, pool).withShrinking(!dfsFirst).run();
            if (dfsFirst) {
                if (result.counterexample() == null && result.exhaustive()) {
                    strategyNote = "auto: depth-first, exhausted";
                } else {
                    // A violation (dfs paths are not shortest) or a cut (dfs covers no depth completely): bfs again.
                    strategyNote = "auto: breadth-first, after a depth-first search "
                            + (result.counterexample() != null ? "found a violation " + counted(result.counterexample()
                            .steps().size(), "step") + " deep in " + result.uniqueStates() + " states"
                            : "was cut (" + result.cutReason() + ")");
                    ExploreOptions dfsOptions = options;
                    ExploreResult dfsResult = result;
                    options = options.withStrategy(ExploreOptions.Strategy.BFS);
                    result = newExplorer(model, options, progress, pool).run();
                    if (dfsResult.counterexample() == null) {
                        cutFirstPass = dfsResult;
                    }
                    if (dfsResult.counterexample() != null && result.counterexample() == null) {
                        // A violation found is never dropped: the depth-first one is reported, shrunk. Breadth-first
                        // search exhausting the same space without it would be a bug of the explorer: said so.
                        strategyNote = "auto: depth-first (shrunk), after a breadth-first search for a shorter "
                                + "counterexample " + (result.exhaustive()
                                ? "exhausted the space without finding it (the two searches disagree: a bug in paxsim)"
                                : "was cut (" + result.cutReason() + ")");
                        options = dfsOptions;
                        result = dfsResult.withCounterexample(
                                Explorer.shrunk(model, dfsOptions, dfsResult.counterexample()));
                    }
                }
            } else if (isAuto()) {
                strategyNote = "auto: breadth-first (" + (jobs > 1 ? "--jobs " + jobs : maxDepth > 0 ? "--max-depth "
                        + maxDepth : "--branch " + branch) + ")";
            }
            heapReading = heap.read();
            cpu.readWorkers();
        }
        progress.clear();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        ExploreCpu.Reading cpuReading = cpu.stop();
        Path dir = null;
        String traceHash = null;
        String report = null;
        if (result.counterexample() != null) {
            traceHash = replayHash(model.spec(), options, result.counterexample(), null);
            dir = writeRunDir(model.spec(), options, result.counterexample(), traceHash);
            report = writeReport(dir);
        }
        if (json) {
            ObjectNode j = toJson(model, options, result, seconds, cpuReading, heapReading, dir, traceHash, report);
            if (strategyNote != null) {
                j.put("strategyNote", strategyNote);
            }
            if (symmetry) {
                j.put("symmetry", symmetryDescription(model.spec()));
            }
            if (cutFirstPass != null) {
                j.set("depthFirstPass", passJson(cutFirstPass));
            }
            stdout.println(RunFiles.JSON.writeValueAsString(j));
        } else {
            print(stdout, model, options, strategyNote, result, seconds, cpuReading, heapReading, dir, traceHash, report,
                    symmetry ? symmetryDescription(model.spec()) : null);
            if (cutFirstPass != null) {
                stdout.printf("  dfs pass    %s%n", passSummary(cutFirstPass));
            }
        }
        stdout.flush();
        if (result.counterexample() != null) {
            return ExitCode.VIOLATION;
        }
        boolean livenessUnknown = result.eventually() != null && result.eventually().unknown() > 0;
        return result.exhaustive() && result.unknownTerminal() == 0 && !livenessUnknown ? ExitCode.PASS : ExitCode.UNKNOWN;
    }

    /**
     * What auto's cut depth-first pass covered, which the breadth-first result printed above leaves
     * out: it reaches deeper, so its terminal states, goals and liveness checks are often the only ones.
     */
    private static String passSummary(ExploreResult r) {
        ExploreResult.Eventually ev = r.eventually();
        return String.format(Locale.ROOT, "%d unique states, depth %d, %d terminal states checked (always properties "
                        + "hold%s); sometimes %s%s", r.uniqueStates(), r.depthReached(), r.terminalStates(),
                r.unknownTerminal() > 0 ? ", " + r.unknownTerminal() + " UNKNOWN" : "", goalsText(r),
                ev == null ? "" : String.format(Locale.ROOT, "; eventually %s: %d checked, %d reach it, %d UNKNOWN",
                        ev.goal(), ev.checked(), ev.holds(), ev.unknown()));
    }

    private static String goalsText(ExploreResult r) {
        StringBuilder goals = new StringBuilder();
        for (ExploreResult.Goal g : r.sometimesGoals()) {
            goals.append(goals.length() == 0 ? "" : ", ").append(g.name()).append(g.reached() ? " reached" : " NOT reached");
        }
        return goals.toString();
    }

    private static ObjectNode passJson(ExploreResult r) {
        ObjectNode j = RunFiles.JSON.createObjectNode().put("uniqueStates", r.uniqueStates())
                .put("transitions", r.transitions()).put("depthReached", r.depthReached())
                .put("terminalStates", r.terminalStates()).put("unknownTerminal", r.unknownTerminal())
                .put("cutReason", r.cutReason());
        putVerdicts(j, r);
        return j;
    }

    /** The sometimes goals and the eventually check of {@code r}, as the result's JSON and the dfs pass's both give them. */
    private static void putVerdicts(ObjectNode j, ExploreResult r) {
        ObjectNode goals = j.putObject("sometimes");
        r.sometimesGoals().forEach(g -> goals.put(g.name(), g.reached()));
        if (r.eventually() != null) {
            j.putObject("eventually").put("goal", r.eventually().goal()).put("checked", r.eventually().checked())
                    .put("holds", r.eventually().holds()).put("unknown", r.eventually().unknown());
        }
    }

    private boolean isAuto() {
        return strategy.toLowerCase(Locale.ROOT).equals("auto");
    }

    /** Whether --branch names a mode only breadth-first search has. */
    private boolean bfsBranch() {
        return "ancestor".equals(branch) || "keep".equals(branch);
    }

    /** A search of {@code model} under {@code options} as the command's other options configure it ({@code pool}: null for one thread). */
    private Explorer newExplorer(PaxosExploreModel model, ExploreOptions options, ProgressLine progress,
                                 ParallelLevelExecutor pool) {
        Explorer explorer = new Explorer(model, options).withProgress(progress);
        if (pool != null) {
            explorer.withExecutor(pool);
        }
        String how = branchFor(options.strategy());
        if (options.strategy() == ExploreOptions.Strategy.DELAY_BOUNDED) {
            explorer.withDelayBound(maxDelays(), schedule(), !noPartitions);
            if (how.equals("replay")) {
                // Its paths are long (the default schedule runs to the end): copy a state per successor, never re-execute.
                explorer.withCopier(new DeepCopier(model), 0);
            }
        }
        if (options.strategy() == ExploreOptions.Strategy.DFS) {
            switch (how) {
                // The stack bounds the kept worlds: the unexpanded siblings along the current path.
                case "copy" -> explorer.withKeptWorlds(Integer.MAX_VALUE).withCopier(new DeepCopier(model), COPY_FROM_DEPTH);
                case "replay" -> { }
                default -> throw new UserError("--branch for dfs must be copy or replay (ancestor and keep are bfs "
                        + "modes): " + how);
            }
        } else {
            switch (how) {
                case "copy" -> explorer.withKeptWorlds(KEPT_WORLDS_MAX).withCopier(new DeepCopier(model), COPY_FROM_DEPTH);
                case "keep" -> explorer.withAncestorCopies(new DeepCopier(model)).withKeptWorlds(KEPT_WORLDS_MAX);
                case "ancestor" -> explorer.withAncestorCopies(new DeepCopier(model));
                case "replay" -> { }
                default -> throw new UserError("--branch must be ancestor, copy, keep or replay: " + how);
            }
        }
        if (!eventually.equals("none")) {
            int goal = model.sometimesGoals().indexOf(eventually);
            if (goal < 0) {
                throw new UserError("--eventually must be none or one of " + model.sometimesGoals() + ": " + eventually);
            }
            explorer.withEventually(goal, livenessTimeouts, 2, LIVENESS_STATES_MAX);
        }
        switch (fingerprint) {
            case "state" -> explorer.withStateHasher(symmetry ? ReplicaSymmetry.of(new StructuralHasher(model), model.spec())
                    : new StructuralHasher(model));
            case "history" -> { }
            default -> throw new UserError("--fingerprint must be state or history: " + fingerprint);
        }
        return explorer;
    }

    /**
     * The --branch mode for a search of strategy {@code s}: the one given, else copy for dfs (kept
     * worlds on the stack) and ancestor for the others.
     */
    private String branchFor(ExploreOptions.Strategy s) {
        if (branch != null) {
            return branch;
        }
        return s == ExploreOptions.Strategy.DFS ? "copy" : "ancestor";
    }

    /**
     * What --symmetry needs (see {@link ReplicaSymmetry}): a state fingerprint, a search that
     * merges states by it, no eventually check; sleep sets off (their action names are not renamed).
     */
    private ExploreOptions symmetryOptions(PaxosExploreModel model, ExploreOptions options) {
        if (!fingerprint.equals("state")) {
            throw new UserError("--symmetry needs --fingerprint state");
        }
        if (options.strategy() != ExploreOptions.Strategy.BFS && options.strategy() != ExploreOptions.Strategy.DFS) {
            throw new UserError("--symmetry needs --strategy bfs or dfs");
        }
        if (!eventually.equals("none")) {
            throw new UserError("--symmetry needs --eventually none (the eventually check lets every replica start "
                    + "elections, and ballots order replicas by id)");
        }
        if (!model.spec().restrictions().fsyncAtOnce()) {
            throw new UserError("--symmetry needs --fsync at-once (with slow disks a replica holds back sends for an "
                    + "fsync in peer-id order, which renaming replicas does not preserve)");
        }
        try {
            ReplicaSymmetry.permutations(model.spec());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return options.withSleepSets(false);
    }

    /** For humans: which replicas --symmetry renames. */
    static String symmetryDescription(PaxosExploreModel.Spec s) {
        java.util.List<Integer> movable = ReplicaSymmetry.interchangeable(s);
        return movable.isEmpty() ? "on, but no replicas are interchangeable here (factor 1)"
                : "replicas " + movable + " interchangeable (" + (ReplicaSymmetry.permutations(s).size() + 1)
                + " renamings per state)";
    }

    private int maxDelays() {
        if (maxDelays < 0) {
            throw new UserError("--max-delays must be >= 0: " + maxDelays);
        }
        return maxDelays;
    }

    private io.paxsim.sim.explore.DefaultSchedule schedule() {
        return switch (defaultSchedule.toLowerCase(Locale.ROOT)) {
            case "lifo" -> io.paxsim.sim.explore.DefaultSchedule.LIFO;
            case "fifo" -> io.paxsim.sim.explore.DefaultSchedule.FIFO;
            default -> throw new UserError("--default-schedule must be lifo or fifo: " + defaultSchedule);
        };
    }

    /** How the strategy's counterexample relates to the others (bfs: shortest; delay-bounded: fewest deviations). */
    static String counterexampleKind(ExploreOptions.Strategy s) {
        return switch (s) {
            case BFS -> "shortest";
            case DELAY_BOUNDED -> "fewest-deviations (shortest among those, not overall)";
            default -> "shrunk";
        };
    }

    private PaxosExploreModel model() {
        try {
            boolean fsyncAtOnce = switch (fsync) {
                case "choice" -> false;
                case "at-once" -> true;
                default -> throw new UserError("--fsync must be choice or at-once: " + fsync);
            };
            int target;
            try {
                target = clientTo.equals("any") ? -1 : Integer.parseInt(clientTo);
            } catch (NumberFormatException e) {
                throw new UserError("--client-to must be a replica number or any: " + clientTo);
            }
            long mask = candidates == null ? -1L : PaxosExploreModel.Restrictions.candidateMask(candidates);
            return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, variant, mutant, maxBallots, seed,
                    new PaxosExploreModel.Restrictions(fsyncAtOnce, target, mask)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private ExploreOptions options() {
        ExploreOptions.Strategy s = switch (strategy.toLowerCase(Locale.ROOT)) {
            // auto: depth-first first, unless a depth bound (bfs's "no counterexample within D steps") or
            // parallel levels ask for breadth-first
            case "auto" -> maxDepth > 0 || jobs > 1 || bfsBranch() ? ExploreOptions.Strategy.BFS : ExploreOptions.Strategy.DFS;
            case "bfs" -> ExploreOptions.Strategy.BFS;
            case "dfs" -> ExploreOptions.Strategy.DFS;
            case "random" -> ExploreOptions.Strategy.RANDOM;
            case "delay-bounded" -> ExploreOptions.Strategy.DELAY_BOUNDED;
            default -> throw new UserError("--strategy must be auto, bfs, dfs, random or delay-bounded: " + strategy);
        };
        if (jobs > 1 && s != ExploreOptions.Strategy.BFS) {
            // only bfs expands a level's states in parallel; ignoring --jobs would misstate what ran
            throw new UserError("--jobs " + jobs + " needs --strategy bfs or auto (which then runs bfs); "
                    + strategy.toLowerCase(Locale.ROOT) + " runs on one thread");
        }
        ExploreOptions.CrashFates fates = switch (crashFates.toLowerCase(Locale.ROOT)) {
            case "prefix" -> ExploreOptions.CrashFates.PREFIX;
            case "all" -> ExploreOptions.CrashFates.ALL;
            default -> throw new UserError("--crash-fates must be prefix or all: " + crashFates);
        };
        ExploreOptions.WalkMix mix = switch (walkMix.toLowerCase(Locale.ROOT)) {
            case "mixed" -> ExploreOptions.WalkMix.MIXED;
            case "swarm" -> ExploreOptions.WalkMix.SWARM;
            case "uniform" -> ExploreOptions.WalkMix.UNIFORM;
            default -> throw new UserError("--walk-mix must be mixed, swarm or uniform: " + walkMix);
        };
        Por reduction = noPor ? Por.NONE : switch (por.toLowerCase(Locale.ROOT)) {
            case "full" -> Por.FULL;
            case "sleep" -> Por.SLEEP;
            case "none" -> Por.NONE;
            default -> throw new UserError("--por must be full, sleep or none: " + por);
        };
        boolean fifo = switch (links.toLowerCase(Locale.ROOT)) {
            case "any-order" -> false;
            case "fifo" -> true;
            default -> throw new UserError("--links must be any-order or fifo: " + links);
        };
        requireAtLeast(0, "--max-crashes", maxCrashes);
        requireAtLeast(0, "--max-drops", maxDrops);
        requireAtLeast(0, "--max-duplicates", maxDuplicates);
        requireAtLeast(0, "--max-timeouts", maxTimeouts);
        requireAtLeast(0, "--max-depth", maxDepth);
        requireAtLeast(0, "--max-states", maxStates);
        requireAtLeast(s == ExploreOptions.Strategy.RANDOM ? 1 : 0, "--walks", walks);
        try {
            return ExploreOptions.defaults().withMaxDepth(maxDepth).withStrategy(s).withMaxStates(maxStates)
                    .withFaults(maxCrashes, maxDrops, maxDuplicates).withMaxTimeouts(maxTimeouts).withCrashFates(fates)
                    .withSleepSets(reduction != Por.NONE).withPersistentSets(reduction == Por.FULL)
                    .withFifoLinks(fifo).withRandomWalks(seed, walks).withWalkMix(mix);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static void requireAtLeast(long least, String option, long value) {
        if (value < least) {
            throw new UserError(option + " must be >= " + least + ": " + value);
        }
    }

    /** Re-executes a counterexample in a fresh simulation; its trace hash, as hex. */
    static String replayHash(PaxosExploreModel.Spec spec, ExploreOptions options, ExploreResult.Counterexample cx,
                             TraceSink sink) {
        Explorer.Replayed r = Explorer.replay(new PaxosExploreModel(spec, sink), options, cx.actions());
        return String.format("%016x", r.world().simulation().traceHash());
    }

    /**
     * {@code paxsim replay --from DIR} on an explore counterexample: re-executes its action list in
     * a fresh simulation, prints each step and the violation, and compares the trace hash.
     */
    static int replayRun(PrintWriter out, Path dir, TraceSink sink) {
        ExploreRunFile.Loaded loaded;
        try {
            loaded = ExploreRunFile.read(dir);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Explorer.Replayed r;
        try {
            r = Explorer.replay(new PaxosExploreModel(loaded.spec(), sink), loaded.options(), loaded.actions());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(dir.resolve(ExploreRunFile.NAME) + ": the action list does not replay (" + e.getMessage() + ")");
        }
        String hash = String.format("%016x", r.world().simulation().traceHash());
        PaxosExploreModel.Spec s = loaded.spec();
        out.printf("replay: explore counterexample, %s, %s, %s, mutant %s, %s%n", counted(s.nodes(), "replica"),
                counted(s.clients(), "client"), counted(s.ops(), "op"), s.mutant(), counted(loaded.actions().size(), "step"));
        for (int i = 0; i < r.steps().size(); i++) {
            out.printf("  %3d. %s%n", i + 1, r.steps().get(i));
        }
        String violation = r.world().violation();
        if (violation == null && r.world().enabled().isEmpty()) {
            violation = r.world().instance().terminalViolation();
        }
        boolean liveness = violation == null && loaded.property().startsWith("eventually");
        if (liveness) {
            // A liveness verdict: the path leads to the state; that no fault-free continuation of it reaches the
            // goal was established by explore's search of the continuations, which a single replay cannot show.
            out.println("VIOLATION " + loaded.property() + " (recorded): the replay reaches the state from which explore "
                    + "found no fault-free continuation reaching the goal");
        } else {
            out.println(violation != null ? "VIOLATION " + violation : "no violation on replay");
        }
        int code = violation != null || liveness ? ExitCode.VIOLATION : ExitCode.PASS;
        if (hash.equals(loaded.traceHash())) {
            out.println("  hash        MATCHES the recording in " + dir + " (" + hash + ")");
        } else {
            out.println("  hash        DIFFERS: recorded " + loaded.traceHash() + ", replayed " + hash
                    + " (nondeterminism or a changed build)");
            code = ExitCode.VIOLATION;
        }
        out.flush();
        return code;
    }

    /** Nodes (replicas and clients) of a recorded counterexample's world, for trace filters. */
    static int worldNodes(Path dir) {
        try {
            PaxosExploreModel.Spec s = ExploreRunFile.read(dir).spec();
            return s.nodes() + s.clients();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Path writeRunDir(PaxosExploreModel.Spec s, ExploreOptions options, ExploreResult.Counterexample cx,
                             String traceHash) throws IOException {
        return writeRunDir(out, false, out != null, s, options, cx, traceHash);
    }

    /**
     * Writes a counterexample as a run directory under {@code out} (or a fresh one under runs/) that `replay --from`
     * re-executes; {@code keep}: marked so that {@code paxsim runs gc} leaves it alone (a directory the user named).
     */
    static Path writeRunDir(Path out, boolean force, boolean keep, PaxosExploreModel.Spec s, ExploreOptions options,
                            ExploreResult.Counterexample cx, String traceHash) throws IOException {
        RunDirs.Target target = RunDirs.prepare(out, force, "explore-" + s.mutant());
        try {
            if (keep) {
                target.markKept();
            }
            ExploreRunFile.write(target.workDir(), ExploreRunFile.toJson(s, options, cx, traceHash));
            try (Writer w = Files.newBufferedWriter(target.workDir().resolve(RunFiles.TRACE), StandardCharsets.UTF_8);
                 JsonlTraceSink sink = new JsonlTraceSink(w, new TraceFilter(Set.of(), 0, Long.MAX_VALUE))) {
                replayHash(s, options, cx, sink);
            }
            ObjectNode verdict = RunFiles.JSON.createObjectNode();
            verdict.put("status", "violation");
            verdict.put("traceHash", traceHash);
            verdict.put("property", cx.property());
            verdict.put("message", cx.message());
            // As a simulated run's verdict does: the page then quotes the directory as explore named it, whatever
            // spelling `paxsim report` is given later, so report.html is a function of the directory's files.
            verdict.put("replay", "./paxsim replay --from " + target.finalDir());
            RunFiles.writeJson(target.workDir().resolve(RunFiles.VERDICT), verdict);
        } catch (IOException | RuntimeException e) {
            target.abandon();
            throw e;
        }
        target.commit();
        return target.finalDir();
    }

    /** The text result; {@code symmetry} describes the renaming under --symmetry, else null. */
    private static void print(PrintWriter out, PaxosExploreModel model, ExploreOptions o, String strategyNote,
                              ExploreResult r, double seconds, ExploreCpu.Reading cpu, PeakLiveHeap.Reading heap, Path dir,
                              String traceHash, String report, String symmetry) {
        PaxosExploreModel.Spec s = model.spec();
        out.printf("explore: %s, %s, %s, variant %s, mutant %s, strategy %s%s%n", counted(s.nodes(), "replica"),
                counted(s.clients(), "client"), counted(s.ops(), "op"), s.variant(), s.mutant(),
                o.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'), strategyNote == null ? "" : " (" + strategyNote + ")");
        out.printf("  bounds      crashes %d (%s fates), drops %d, duplicates %d, timeouts %d, ballots %d, depth %s, states %s%n",
                o.maxCrashes(), o.crashFates().name().toLowerCase(Locale.ROOT), o.maxDrops(), o.maxDuplicates(),
                o.maxTimeouts(), s.maxBallots(), o.maxDepth() == 0 ? "-" : o.maxDepth() + " steps",
                o.maxStates() == 0 ? "-" : o.maxStates());
        if (s.restrictions().any() || o.fifoLinks()) {
            out.printf("  restricted  %s%n", restricted(s, o));
        }
        if (symmetry != null) {
            out.printf("  symmetry    %s; sleep sets off%n", symmetry);
        }
        out.printf("  states      %d unique, %d explored (transitions), depth %d (%s), %d terminal%n", r.uniqueStates(),
                r.transitions(), r.depthReached(), DEPTH_MEANS, r.terminalStates());
        out.printf("  speed       %.0f unique states/s, %.0f transitions/s, %.2f s wall; %.0f states per CPU-second "
                        + "(%.1f CPU s); %s; %s%n", r.uniqueStates() / seconds, r.transitions() / seconds, seconds,
                r.uniqueStates() / cpu.process(), cpu.process(), cpu.describeSearch(r.uniqueStates()), heap.describe());
        out.printf("  reduction   %s%s%n", o.persistentSets() ? "persistent sets left out " + counted(r.prunedActions(), "action")
                + "; " : "", o.sleepSets() ? "sleep sets skipped " + r.sleptActions() + " actions ("
                + r.reexpansions() + " re-expansions)" : o.persistentSets() ? "sleep sets off (--symmetry)" : "off (--por none)");
        out.printf("  space       %s%n", r.counterexample() != null ? "search stopped at the first violation"
                : r.exhaustive() ? "EXHAUSTED within the bounds above" : "NOT exhausted: " + r.cutReason());
        boolean alwaysBroke = r.counterexample() != null && !r.counterexample().property().startsWith("eventually");
        String always = !alwaysBroke ? "hold" : "VIOLATED (" + r.counterexample().property() + ")";
        out.printf("  always      invariants and terminal linearizability %s; %d terminal states checked%s%n", always,
                r.terminalStates(), r.unknownTerminal() > 0 ? ", " + r.unknownTerminal() + " UNKNOWN (checker budget)" : "");
        out.printf("  sometimes   %s%n", goalsText(r));
        ExploreResult.Eventually ev = r.eventually();
        if (ev != null) {
            out.printf("  eventually  %s once faults stop: %d terminal states without it checked, %d reach it, %d UNKNOWN%s%n",
                    ev.goal(), ev.checked(), ev.holds(), ev.unknown(),
                    r.counterexample() != null && r.counterexample().property().startsWith("eventually") ? ", VIOLATED" : "");
        }
        if (r.counterexample() != null) {
            ExploreResult.Counterexample cx = r.counterexample();
            out.printf("VIOLATION %s%n", cx.message());
            out.printf("  %s counterexample, %d steps%s:%n", counterexampleKind(o.strategy()), cx.steps().size(),
                    cx.deviations() < 0 ? "" : ", " + counted(cx.deviations(), "deviation") + " from the default schedule "
                            + "(marked)");
            for (int i = 0; i < cx.steps().size(); i++) {
                out.printf("  %3d. %s%n", i + 1, cx.steps().get(i));
            }
            out.printf("  trace hash  %s%n", traceHash);
            out.printf("  run dir     %s%n", dir);
            out.printf("  replay:     ./paxsim replay --from %s%n", dir);
            out.printf("  report      %s%n", report);
        }
    }

    /** The counterexample's report.html; one that cannot be written never changes the verdict. */
    static String writeReport(Path dir) {
        try {
            return io.paxsim.testbed.explore.ExploreReport.write(dir, io.paxsim.testbed.report.RunReport.DEFAULT_TRACE_CAP)
                    .describe();
        } catch (IOException | RuntimeException e) {
            return "not written: " + e.getMessage() + " (try ./paxsim report " + dir + ")";
        }
    }

    private static ObjectNode toJson(PaxosExploreModel model, ExploreOptions o, ExploreResult r, double seconds,
                                     ExploreCpu.Reading cpu, PeakLiveHeap.Reading heap, Path dir, String traceHash, String report) {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        PaxosExploreModel.Spec s = model.spec();
        root.put("nodes", s.nodes()).put("clients", s.clients()).put("ops", s.ops()).put("variant", s.variant())
                .put("mutant", s.mutant()).put("strategy", o.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("restricted", restricted(s, o));
        root.put("uniqueStates", r.uniqueStates()).put("transitions", r.transitions()).put("depth", r.depthReached())
                .put("terminalStates", r.terminalStates()).put("exhaustive", r.exhaustive()).put("cutReason", r.cutReason())
                .put("sleptActions", r.sleptActions()).put("reexpansions", r.reexpansions())
                .put("prunedActions", r.prunedActions()).put("por", o.persistentSets() ? "full" : o.sleepSets() ? "sleep" : "none")
                .put("unknownTerminal", r.unknownTerminal()).put("wallSeconds", seconds)
                .put("statesPerSecond", r.uniqueStates() / seconds).put("cpuSeconds", cpu.process())
                .put("statesPerCpuSecond", r.uniqueStates() / cpu.process());
        if (!Double.isNaN(cpu.search())) {
            // the search threads alone (no JIT compiler, no collector): the rate per core of the search itself
            root.put("searchThreads", cpu.searchThreads()).put("searchCpuSeconds", cpu.search())
                    .put("statesPerSearchCpuSecond", r.uniqueStates() / cpu.search());
        }
        root.put("heapBytes", heap.usedBytes()).put("peakLiveHeapBytes", heap.peakLiveBytes()).put("gcCount", heap.collections());
        putVerdicts(root, r);
        if (r.counterexample() != null) {
            ObjectNode cx = root.putObject("counterexample");
            if (r.counterexample().deviations() >= 0) {
                cx.put("deviations", r.counterexample().deviations());
            }
            cx.put("property", r.counterexample().property()).put("message", r.counterexample().message())
                    .put("traceHash", traceHash).put("runDir", String.valueOf(dir)).put("report", report)
                    .put("replay", "./paxsim replay --from " + dir);
            ArrayNode steps = cx.putArray("steps");
            r.counterexample().steps().forEach(steps::add);
        }
        boolean livenessUnknown = r.eventually() != null && r.eventually().unknown() > 0;
        root.put("status", r.counterexample() != null ? "violation" : r.exhaustive() && !livenessUnknown ? "ok" : "unknown");
        return root;
    }

    /** The explorer's progress on stderr through {@link StatusLine} (never in --json mode). */
    private static final class ProgressLine implements Explorer.Progress {
        private final boolean quiet;
        private final StatusLine line;
        private final long startNanos = System.nanoTime();

        ProgressLine(boolean quiet, StatusLine line) {
            this.quiet = quiet;
            this.line = line;
        }

        @Override
        public void onProgress(long uniqueStates, long transitions, int depth, long pending) {
            long now = System.nanoTime();
            if (quiet || !line.due(now)) {
                return;
            }
            double seconds = (now - startNanos) / 1e9;
            line.show(String.format(Locale.ROOT, "explore: %,d unique states, %,d transitions, depth %d, %,d pending, %.0f states/s",
                    uniqueStates, transitions, depth, pending, uniqueStates / Math.max(seconds, 1e-9)), now);
        }

        void clear() {
            line.clear();
        }
    }

    /** "1 replica", "3 replicas": counts as a user reads them. */
    private static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
