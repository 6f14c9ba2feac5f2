package io.paxsim.testbed.pipeline;

import io.paxsim.faults.FaultAtlas;
import io.paxsim.faults.FaultListener;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.load.LoadModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Minimises a failing run by re-running candidates, the way Hypothesis shrinks: a fixed list of passes, each proposing smaller or simpler variants of the current best
 * run, run over and over until a whole round changes nothing or the budget (re-runs, wall time) is
 * spent. A candidate is kept only if it fails the same way: the same {@link Failure.Kind}, and for
 * a correctness failure the same checker or the same invariant monitor.
 *
 * <p>The passes, in order (cheap, large and exact first, so later re-runs are short):
 * <ol>
 *   <li>cut the run: end the safety phase just after the failure or the last fault, then bisect it down
 *       to about when the failure became certain (a cut changes nothing before it, so it keeps the run exact);</li>
 *   <li>drop the faults that never started before the run stopped or healed, and those that found all
 *       their replicas down when they started and when they ended;</li>
 *   <li>anchor to the leader: an entry that hit exactly the replica leading when it started is aimed at
 *       "the leader" (the same run, re-described), so that after an earlier fault is deleted and another
 *       replica leads, it still hits the leader; likewise "the followers";</li>
 *   <li>move the whole schedule earlier (the run before the first fault is most of each re-run's cost);</li>
 *   <li>fewer replicas (two fewer, down to three, within the fault atlas), fewer clients (one, or half);</li>
 *   <li>delete faults: first all but those active in a window just before the failure (the smallest
 *       window first), else all but the last one, two, ... five, then delta debugging (Zeller's
 *       ddmin) over the entries, later one at a time (a nemesis episode such as {@code power-loss-slow-disks}
 *       is several entries, so this splits it into the parts that matter);</li>
 *   <li>split and narrow: an entry that hit several replicas (crash {@code all}, {@code followers},
 *       {@code random-count:K}) is tried as each single-replica part, then with one replica fewer at a time;</li>
 *   <li>fewer operations (bisecting the op limit);</li>
 *   <li>move each fault (with all later ones) towards the one before it, down to starting with it;</li>
 *   <li>shorten each fault's window;</li>
 *   <li>at a local minimum, each remaining fault deleted with {@value #DEEP_RESEEDS} other seeds.</li>
 * </ol>
 * A failure that needs an exact interleaving dies of the butterfly effect of removing any earlier
 * fault, so deletions (and fewer clients, and the whole-schedule move) are also tried with a few
 * other run seeds: the same faults with another seed for the network's, clients' and protocol's draws
 * fail the same way and replay as exactly, so they are as much a counterexample.
 * Edited entries keep their seed, so what a fault still does it does with the same draws. A fault
 * here is one schedule entry: one fault kind, one window, one target set; {@link Shrunk} also
 * counts replica-hits (an entry that crashed four replicas counts four).
 *
 * <p>Each candidate is bounded, not just the shrinker between runs: it runs on a worker thread, under
 * an event cap ({@value #EVENT_CAP_FACTOR} times what the original run needed per simulated second, over
 * the candidate's whole possible span) and a wall-clock cap ({@value #WALL_CAP_FACTOR} times the
 * original's re-run, at least {@link #CANDIDATE_WALL_FLOOR}, never past the shrinker's own budget). A
 * candidate over either is rejected, like one that passes; one stuck inside a single event (a handler or
 * monitor that never returns) is left behind on its thread and ends the shrinking, with the best run so far.
 */
public final class Shrinker {
    /** Wall-clock cap when the caller gives none: a bound on the shrinker's own cost, never on what a run does. */
    public static final Duration DEFAULT_WALL = Duration.ofMinutes(3);
    /** Moves and cuts smaller than this are not worth a re-run. */
    private static final long GRAIN_NANOS = 1_000_000L;
    /** Bisection probes per value (a time, a duration, an op count). */
    private static final int PROBES = 4;
    /** Other run seeds a deletion (fewer clients, the whole schedule moved) is tried with when the run's own fails. */
    private static final int RESEEDS = 3;
    /** The most faults {@link #keepLast} keeps. */
    private static final int LAST_MAX = 5;
    /** Seeds per fault in the last deletion pass, once nothing else shrinks (re-runs are short by then). */
    private static final int DEEP_RESEEDS = 12;
    /** Bisection probes for the cut: the failure's time decides which faults are near it. */
    private static final int CUT_PROBES = 8;
    /** Windows before the failure {@link #keepWindow} tries, the smallest a 2^-{@value}th of the run. */
    private static final int WINDOWS = 5;
    /** A candidate may use this many times the original's events per simulated second over its span. */
    static final int EVENT_CAP_FACTOR = 8;
    /** Events every candidate may use whatever the original's rate (start-up, a run with no load). */
    private static final long EVENT_CAP_MIN = 200_000;
    /** A candidate may take this many times the original's re-run in wall-clock time. */
    static final int WALL_CAP_FACTOR = 20;
    /** ... but at least this long (a loaded machine, a cold JIT). */
    static final Duration CANDIDATE_WALL_FLOOR = Duration.ofSeconds(10);
    /** How long a candidate past its wall cap gets to notice it is abandoned before its thread is left behind. */
    private static final long ABANDON_GRACE_NANOS = 2_000_000_000L;

    private final Pipeline pipeline;
    private final int maxRuns;
    private final long wallNanos;
    private final Consumer<String> progress;
    /** Every candidate's wall-clock cap, or -1: derived from the original's re-run. */
    private final long candidateWallNanos;
    private final List<Step> steps = new ArrayList<>();
    /** Every candidate already run (Hypothesis caches the same way): a pass that proposes one again costs nothing. */
    private final Set<String> tried = new HashSet<>();
    private int runs;
    private long startedAtNanos;
    private Failure failure;
    private long originalSeed;
    private Tried best;
    /** The original run's simulation events per simulated nanosecond, and its re-run's wall time: the candidates' caps. */
    private double eventsPerNano;
    private long originalWallNanos;
    /** Runs candidates, one at a time, so that one can be abandoned; replaced when one is left behind. */
    private ExecutorService worker;
    /** A candidate never returned from one event: its thread still runs, so no more candidates do. */
    private boolean stuck;
    private int rejectedOverCap;

    public Shrinker(Pipeline pipeline, int maxRuns, Consumer<String> progress) {
        this(pipeline, maxRuns, DEFAULT_WALL, progress);
    }

    public Shrinker(Pipeline pipeline, int maxRuns, Duration wall, Consumer<String> progress) {
        this(pipeline, maxRuns, wall, -1L, progress);
    }

    /** With {@code candidateWall} as every candidate's wall-clock cap instead of one derived from the original (tests). */
    Shrinker(Pipeline pipeline, int maxRuns, Duration wall, Duration candidateWall, Consumer<String> progress) {
        this(pipeline, maxRuns, wall, candidateWall.toNanos(), progress);
    }

    private Shrinker(Pipeline pipeline, int maxRuns, Duration wall, long candidateWallNanos, Consumer<String> progress) {
        if (maxRuns <= 0 || wall.isNegative() || wall.isZero() || candidateWallNanos == 0) {
            throw new IllegalArgumentException("the shrinker needs at least one run and some time: " + maxRuns + ", " + wall);
        }
        this.pipeline = pipeline;
        this.maxRuns = maxRuns;
        this.wallNanos = wall.toNanos();
        this.candidateWallNanos = candidateWallNanos;
        this.progress = progress;
    }

    /** One accepted shrink: which pass, what it changed, after how many re-runs. */
    public record Step(String pass, String change, int run) {
        @Override
        public String toString() {
            return "run " + run + " " + pass + ": " + change;
        }
    }

    /**
     * The smallest failing run found.
     *
     * @param runs              re-runs spent (the first run and the replay check included)
     * @param steps             every accepted shrink, in order
     * @param originalNodeHits  replicas hit summed over the original's fault entries (-1: not a fault schedule)
     * @param minimalNodeHits   the same for the minimal run
     * @param replays           the minimal run, run once more, gave the same trace hash
     * @param budgetSpent       the run or wall-time budget ran out before a round changed nothing
     * @param overCap           candidates rejected because they went past their event or wall-clock cap
     * @param wallSeconds       the shrinker's own wall-clock time
     */
    public record Shrunk(RunResult original, RunResult minimal, int runs, List<Step> steps, int originalNodeHits,
                         int minimalNodeHits, boolean replays, boolean budgetSpent, int overCap, double wallSeconds) {
        public Shrunk {
            steps = List.copyOf(steps);
        }
    }

    /**
     * A run that was tried, with the replicas each fault entry resolved to (null: not a schedule, or
     * never started), the replica leading when it started (-1: none, or not a schedule), and the
     * entries whose replicas were all down when they started and when they ended (idle: likely no effect).
     */
    private record Tried(RunResult result, int[][] resolved, int[] leaders, BitSet idle) {
        Scenario scenario() {
            return result.scenario();
        }

        FaultPlan plan() {
            return result.faults();
        }

        FaultSchedule schedule() {
            return plan() instanceof ScheduledFaults sf ? sf.schedule() : null;
        }
    }

    /** @throws IllegalArgumentException when the run does not fail to begin with */
    public Shrunk shrink(Scenario scenario, FaultPlan plan) {
        startedAtNanos = System.nanoTime();
        worker = newWorker();
        try {
            return shrinkFrom(scenario, plan);
        } finally {
            worker.shutdownNow();
        }
    }

    private Shrunk shrinkFrom(Scenario scenario, FaultPlan plan) {
        Tried original = attempt(scenario, plan);
        if (original == null || original.result().passed()) {
            throw new IllegalArgumentException(stuck ? "the run did not finish within the shrinker's time"
                    : "the run passes; there is nothing to shrink");
        }
        originalWallNanos = System.nanoTime() - startedAtNanos;
        long events = ((Number) original.result().metrics().getOrDefault("events", 0L)).longValue();
        eventsPerNano = (double) events / Math.max(1, original.result().simulatedNanos());
        failure = original.result().failure();
        originalSeed = scenario.seed();
        best = original;
        boolean changed = true;
        for (int round = 0; changed && budgetLeft(); round++) {
            // Exact first: a cut and dropping what never started change nothing before the failure.
            changed = cutRun();
            changed |= dropUnstarted();
            changed |= dropIdle();
            changed |= anchorToLeader();
            // The whole schedule earlier: the run before the first fault is most of every re-run's cost.
            changed |= moveEarlier(0, 1);
            changed |= removeToFixpoint(round == 0);
            // Simpler, not smaller: worth re-runs only once nothing more can go; a move can let a deletion through.
            changed |= moveEarlier(1, Integer.MAX_VALUE);
            changed |= shortenWindows();
            if (!changed) {
                // A local minimum: by now re-runs are short, so each remaining fault gets many more seeds.
                changed = deleteSingles(DEEP_RESEEDS);
            }
        }
        boolean spent = !budgetLeft();
        Tried again = stuck ? null : attempt(best.scenario(), best.plan(), true);
        boolean replays = again != null && again.result().traceHash() == best.result().traceHash();
        if (!replays && !stuck) {
            progress.accept("the minimal run did not replay to the same trace hash: a determinism bug");
        }
        return new Shrunk(original.result(), best.result(), runs, steps, nodeHits(original), nodeHits(best), replays,
                spent, rejectedOverCap, (System.nanoTime() - startedAtNanos) / 1e9);
    }

    /** The passes that make the run smaller (fewer faults, replicas hit, clients, ops, less time), until none does. */
    private boolean removeToFixpoint(boolean firstRound) {
        boolean any = false;
        boolean changed = true;
        for (int pass = 0; changed && budgetLeft(); pass++) {
            changed = cutRun();
            changed |= dropUnstarted();
            // Fewer replicas and clients first: a smaller cluster and fewer ops make every later re-run cheaper.
            changed |= reduceReplicas();
            changed |= reduceClients();
            // The largest cuts first: all but a window before the failure, all but the last few, then ddmin.
            changed |= firstRound && pass == 0 ? (keepWindow() || keepLast()) | deleteChunks() : deleteSingles(RESEEDS);
            changed |= splitAndNarrow();
            changed |= reduceOps();
            any |= changed;
        }
        return any;
    }

    // ---- passes ----------------------------------------------------------------------------------

    /** End the safety phase just after the failure (a monitor stop) or the last fault, then bisect it. */
    private boolean cutRun() {
        RunResult r = best.result();
        long safety = r.scenario().safetyNanos();
        long failedAt = r.healAtNanos() >= 0 ? r.healAtNanos() : r.simulatedNanos();
        long cut = Math.min(Math.min(safety, failedAt) + GRAIN_NANOS, r.faults().lastEndNanos() + 50 * GRAIN_NANOS);
        boolean changed = false;
        if (cut < safety - GRAIN_NANOS && tryRun("cut run", "safety phase " + ms(safety) + " -> " + ms(cut),
                r.scenario().withSafetyNanos(cut), best.plan())) {
            changed = true;
        }
        if (best.result().healAtNanos() < 0) {
            return changed; // a monitor stopped it during the safety phase: it cannot fail before it failed
        }
        long ok = best.scenario().safetyNanos();
        long bad = 0;
        for (int p = 0; p < CUT_PROBES && ok - bad > Math.max(GRAIN_NANOS, ok / 128) && budgetLeft(); p++) {
            long mid = bad + (ok - bad) / 2;
            if (tryRun("cut run", "safety phase " + ms(ok) + " -> " + ms(mid), best.scenario().withSafetyNanos(mid), best.plan())) {
                ok = mid;
                changed = true;
            } else {
                bad = mid;
            }
        }
        return changed;
    }

    /** Entries that never started (the run stopped or healed first) do nothing: drop them all in one go. */
    private boolean dropUnstarted() {
        if (best.schedule() == null) {
            return false;
        }
        BitSet started = new BitSet();
        for (int i = 0; i < best.resolved().length; i++) {
            if (best.resolved()[i] != null) {
                started.set(i);
            }
        }
        int unstarted = best.plan().size() - started.cardinality();
        return unstarted > 0 && tryRun("drop unstarted", unstarted + " faults never started; faults "
                + best.plan().size() + " -> " + started.cardinality(), best.scenario(), best.plan().keep(started));
    }

    /**
     * Entries whose replicas were all down when they started and still when they ended most likely
     * did nothing (a slow link out of a crashed replica, a second crash of one already down): drop
     * them all in one go.
     */
    private boolean dropIdle() {
        if (best.schedule() == null || best.idle().isEmpty()) {
            return false;
        }
        BitSet keep = new BitSet();
        keep.set(0, best.plan().size());
        keep.andNot(best.idle());
        return tryRun("drop idle", best.idle().cardinality() + " faults hit only replicas that were down; faults "
                + best.plan().size() + " -> " + keep.cardinality(), best.scenario(), best.plan().keep(keep));
    }

    /**
     * Only the faults active in a window just before the failure, the smallest window first: what
     * made a run fail is most often what was going on when it failed (a cut has brought the end of
     * the safety phase to about when the failure became certain). Counted in time, not entries, so a
     * long fault still on then (a partition, a slow disk) stays with the short ones around it.
     */
    private boolean keepWindow() {
        if (best.schedule() == null || best.plan().size() < 2) {
            return false;
        }
        long failedAt = failureTime(best.result());
        List<ScheduleEntry> entries = best.schedule().entries();
        BitSet tried = null;
        for (int w = WINDOWS; w >= 1 && budgetLeft(); w--) {
            long from = failedAt - (failedAt >> w);
            BitSet keep = new BitSet();
            for (int i = 0; i < entries.size(); i++) {
                ScheduleEntry e = entries.get(i);
                if (e.startNanos() <= failedAt && e.startNanos() + e.durationNanos() >= from) {
                    keep.set(i);
                }
            }
            if (keep.isEmpty() || keep.cardinality() == entries.size() || keep.equals(tried)) {
                continue;
            }
            tried = keep;
            if (tryReseeding("keep a window", "faults " + entries.size() + " -> the " + keep.cardinality() + " active in "
                    + ms(from) + ".." + ms(failedAt), best.plan().keep(keep), RESEEDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Entries that hit exactly the replica leading when they started are aimed at "the leader", and
     * those that hit every replica but it at "the followers": in this run they hit the same replicas
     * (the same run, re-described), and once an earlier fault is deleted and another replica leads
     * then, they still hit the role that mattered rather than a replica that no longer holds it.
     */
    private boolean anchorToLeader() {
        if (best.schedule() == null) {
            return false;
        }
        FaultSchedule anchored = best.schedule();
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < best.plan().size(); i++) {
            int[] nodes = best.resolved()[i];
            int leader = best.leaders()[i];
            ScheduleEntry e = anchored.entries().get(i);
            if (nodes == null || leader < 0 || !ScheduleEdits.actsOnItsTargets(e.fault())) {
                continue;
            }
            Target role = nodes.length == 1 && nodes[0] == leader ? new Target.Leader()
                    : nodes.length == best.scenario().nodes() - 1 && !contains(nodes, leader) ? new Target.Followers() : null;
            if (role != null && !role.equals(e.targets())) {
                anchored = ScheduleEdits.withTarget(anchored, i, role);
                changes.add(e.describe() + " -> " + role.format());
            }
        }
        return !changes.isEmpty() && tryRun("anchor to the leader", String.join("; ", changes), best.scenario(),
                new ScheduledFaults(anchored));
    }

    /**
     * Only the last one, two, ... {@value #LAST_MAX} faults: what made a run fail is most often what
     * happened just before it failed, and everything earlier matters only through the butterfly effect,
     * which other seeds undo.
     */
    private boolean keepLast() {
        int size = best.plan().size();
        for (int k = 1; k < size && k <= LAST_MAX && budgetLeft(); k++) {
            BitSet keep = new BitSet();
            keep.set(size - k, size);
            if (tryReseeding("keep the last faults", "faults " + size + " -> the last " + k, best.plan().keep(keep), RESEEDS)) {
                return true;
            }
        }
        return false;
    }

    /** Zeller's ddmin over the current entries: remove chunks, halving the chunk size when none can go. */
    private boolean deleteChunks() {
        boolean changed = false;
        int granularity = 2;
        while (best.plan().size() >= 1 && budgetLeft()) {
            int size = best.plan().size();
            List<int[]> chunks = chunks(size, Math.min(granularity, size));
            boolean reduced = false;
            for (int c = 0; c < chunks.size() && budgetLeft() && !reduced; c++) {
                BitSet keep = new BitSet();
                keep.set(0, size);
                keep.clear(chunks.get(c)[0], chunks.get(c)[1]);
                // Other seeds for single faults; one for a chunk: once a deletion has changed the run from its start on,
                // the interleaving is new anyway, and a seed that keeps the failure is as likely without more faults.
                int reseeds = chunks.get(c)[1] - chunks.get(c)[0] == 1 ? RESEEDS : 1;
                reduced = tryReseeding("delete faults", "faults " + size + " -> " + keep.cardinality(), best.plan().keep(keep),
                        reseeds);
            }
            if (reduced) {
                changed = true;
                granularity = Math.max(granularity - 1, 2);
            } else if (granularity >= size) {
                break;
            } else {
                granularity = Math.min(size, granularity * 2);
            }
        }
        return changed;
    }

    /** Each entry alone, last first (later faults are more often the ones that do not matter). */
    private boolean deleteSingles(int reseeds) {
        boolean changed = false;
        for (int i = best.plan().size() - 1; i >= 0 && budgetLeft(); i--) {
            BitSet keep = new BitSet();
            keep.set(0, best.plan().size());
            keep.clear(i);
            String what = best.plan().describe().get(i);
            changed |= tryReseeding("delete fault", what, best.plan().keep(keep), reseeds);
        }
        return changed;
    }

    /** An entry that hit several replicas: try each single-replica part, then one replica fewer at a time. */
    private boolean splitAndNarrow() {
        if (best.schedule() == null) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < best.plan().size() && budgetLeft(); i++) {
            int[] nodes = best.resolved()[i];
            ScheduleEntry e = best.schedule().entries().get(i);
            if (nodes == null || nodes.length < 2 || !ScheduleEdits.actsOnItsTargets(e.fault())) {
                continue;
            }
            changed |= splitEntry(i, nodes) || narrowEntry(i, nodes);
        }
        return changed;
    }

    private boolean splitEntry(int i, int[] nodes) {
        String before = best.schedule().entries().get(i).describe() + " = " + Arrays.toString(nodes);
        for (int n = 0; n < nodes.length && budgetLeft(); n++) {
            if (tryRun("split", before + " -> its part on replica " + nodes[n], best.scenario(),
                    new ScheduledFaults(ScheduleEdits.withNodes(best.schedule(), i, new int[] {nodes[n]})))) {
                return true;
            }
        }
        return false;
    }

    private boolean narrowEntry(int i, int[] nodes) {
        boolean changed = false;
        int[] current = nodes;
        for (int n = 0; current.length > 1 && n < current.length && budgetLeft(); n++) {
            int[] fewer = without(current, n);
            if (tryRun("narrow", best.schedule().entries().get(i).describe() + ": replicas " + Arrays.toString(current)
                    + " -> " + Arrays.toString(fewer), best.scenario(),
                    new ScheduledFaults(ScheduleEdits.withNodes(best.schedule(), i, fewer)))) {
                current = fewer;
                changed = true;
                n = -1;
            }
        }
        return changed;
    }

    /** Entries {@code from} to {@code to}, each with every later one, moved towards the one before it (the first towards time zero). */
    private boolean moveEarlier(int from, int to) {
        if (best.schedule() == null) {
            return false;
        }
        boolean changed = false;
        for (int i = from; i < Math.min(to, best.plan().size()) && budgetLeft(); i++) {
            List<ScheduleEntry> entries = best.schedule().entries();
            long gap = entries.get(i).startNanos() - (i == 0 ? 0 : entries.get(i - 1).startNanos());
            long ok = 0;
            long bad = gap + 1;
            for (int p = 0; p < PROBES && bad - ok > Math.max(GRAIN_NANOS, gap / 16) && budgetLeft(); p++) {
                long shift = p == 0 ? gap : ok + (bad - ok) / 2;
                FaultSchedule moved = ScheduleEdits.shiftedEarlier(best.schedule(), i, shift);
                String what = entries.get(i).describe() + (i + 1 < entries.size() ? " and the " + (entries.size() - i - 1) + " after it" : "");
                String change = what + " by " + ms(shift);
                // Moving every fault is the largest change to the run: worth other seeds, as a deletion is.
                if (i == 0 ? tryReseeding("move earlier", change, new ScheduledFaults(moved), RESEEDS)
                        : tryRun("move earlier", change, best.scenario(), new ScheduledFaults(moved))) {
                    // The shrinker's state moved with it: the next probe shifts from the new position.
                    gap -= shift;
                    bad -= shift;
                    ok = 0;
                    changed = true;
                } else {
                    bad = shift;
                }
            }
        }
        return changed;
    }

    /** Each entry's window halved while the failure stays. */
    private boolean shortenWindows() {
        if (best.schedule() == null) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < best.plan().size() && budgetLeft(); i++) {
            for (int p = 0; p < PROBES && budgetLeft(); p++) {
                ScheduleEntry e = best.schedule().entries().get(i);
                long shorter = e.durationNanos() / 2;
                if (e.durationNanos() < 2 * GRAIN_NANOS || !tryRun("shorten", e.describe() + ": window "
                        + ms(e.durationNanos()) + " -> " + ms(shorter), best.scenario(),
                        new ScheduledFaults(ScheduleEdits.withDuration(best.schedule(), i, shorter)))) {
                    break;
                }
                changed = true;
            }
        }
        return changed;
    }

    /** Bisect the op limit between none and what the run invoked. */
    private boolean reduceOps() {
        long ok = best.scenario().opLimit() > 0 ? best.scenario().opLimit() : opsInvoked(best.result());
        long bad = 0;
        boolean changed = false;
        for (int p = 0; p < PROBES + 2 && ok - bad > Math.max(1, ok / 16) && budgetLeft(); p++) {
            long mid = bad + (ok - bad) / 2;
            if (tryRun("fewer ops", "ops " + ok + " -> " + mid, best.scenario().withOpLimit(mid), best.plan())) {
                ok = mid;
                changed = true;
            } else {
                bad = mid;
            }
        }
        return changed;
    }

    /**
     * Two replicas fewer (down to three), with other seeds: a smaller cluster is a smaller
     * counterexample and a cheaper re-run. Entries aimed at explicit replicas lose those past the
     * new size (and go if none is left); a schedule that would break the fault atlas for the smaller
     * cluster (storage faults on more than f replicas) is not tried, so a correct log could survive it.
     */
    private boolean reduceReplicas() {
        int n = best.scenario().nodes();
        if (best.schedule() == null || n <= 3) {
            return false;
        }
        int fewer = n - 2;
        List<ScheduleEntry> kept = new ArrayList<>();
        for (ScheduleEntry e : best.schedule().entries()) {
            if (e.targets() instanceof Target.Nodes nodes) {
                int[] inside = Arrays.stream(nodes.indices()).filter(i -> i < fewer).toArray();
                if (inside.length > 0) {
                    kept.add(new ScheduleEntry(e.startNanos(), e.fault(), new Target.Nodes(inside), e.durationNanos(), e.seed()));
                }
            } else {
                kept.add(e);
            }
        }
        FaultSchedule schedule = best.schedule().withEntries(kept);
        if (!FaultAtlas.violations(schedule, fewer).isEmpty()) {
            return false;
        }
        return tryReseeding("fewer replicas", "replicas " + n + " -> " + fewer + ", faults " + best.plan().size() + " -> "
                + kept.size(), best.scenario().withNodes(fewer), new ScheduledFaults(schedule), RESEEDS);
    }

    /** One client, else half of them (closed loop only: an open loop's rate is the workload). */
    private boolean reduceClients() {
        if (!(best.scenario().load() instanceof LoadModel.ClosedLoop loop) || loop.clients() < 2) {
            return false;
        }
        int[] tries = loop.clients() > 3 ? new int[] {1, loop.clients() / 2} : new int[] {1};
        for (int clients : tries) {
            Scenario fewer = best.scenario().withLoad(new LoadModel.ClosedLoop(clients, loop.thinkNanos()));
            if (budgetLeft() && tryReseeding("fewer clients", "clients " + loop.clients() + " -> " + clients, fewer, best.plan(),
                    RESEEDS)) {
                return true;
            }
        }
        return false;
    }

    // ---- running candidates ----------------------------------------------------------------------

    /** Runs a candidate; keeps it as the new best if it fails the same way. */
    private boolean tryRun(String pass, String change, Scenario s, FaultPlan plan) {
        String key = s + "\n" + String.join("\n", plan.describe()) + "\n" + plan.toJson();
        if (!budgetLeft() || !tried.add(key)) {
            return false;
        }
        Tried t = attempt(s, plan);
        if (t == null || !failsLike(t.result(), failure)) {
            return false;
        }
        best = t;
        Step step = new Step(pass, change, runs);
        steps.add(step);
        progress.accept(step.toString());
        return true;
    }

    /** A smaller fault plan, with the current seed and then with up to {@code reseeds} others. */
    private boolean tryReseeding(String pass, String change, FaultPlan plan, int reseeds) {
        return tryReseeding(pass, change, best.scenario(), plan, reseeds);
    }

    private boolean tryReseeding(String pass, String change, Scenario s, FaultPlan plan, int reseeds) {
        if (tryRun(pass, change, s, plan)) {
            return true;
        }
        for (int k = 1; k <= reseeds && budgetLeft(); k++) {
            long seed = RandomStream.mix64(originalSeed + 0x9E3779B97F4A7C15L * k);
            if (seed != s.seed() && tryRun(pass, change + " (run seed " + s.seed() + " -> " + seed + ")", s.withSeed(seed), plan)) {
                return true;
            }
        }
        return false;
    }

    private Tried attempt(Scenario s, FaultPlan plan) {
        return attempt(s, plan, false);
    }

    /**
     * Runs one candidate on the worker thread, within its caps; null when it threw or went past them.
     * {@code check}: the replay check of the minimal run, which gets its caps even when the budget is spent.
     */
    private Tried attempt(Scenario s, FaultPlan plan, boolean check) {
        runs++;
        long left = wallNanos - (System.nanoTime() - startedAtNanos);
        boolean first = best == null;
        long ownCap = candidateWallNanos > 0 ? candidateWallNanos
                : Math.max(CANDIDATE_WALL_FLOOR.toNanos(), WALL_CAP_FACTOR * originalWallNanos);
        // The original has no cost to derive a cap from: only the shrinker's own time bounds it.
        long wallCap = first ? Math.max(left, 0) : check ? ownCap : Math.min(ownCap, Math.max(left, 0));
        boolean budgetBound = wallCap < ownCap || first;
        long eventCap = first ? Long.MAX_VALUE : eventCap(s);
        AtomicBoolean abandon = new AtomicBoolean();
        RunOptions options = RunOptions.quiet().withCap(eventCap, abandon::get).withCheckerBudget(Duration.ofNanos(Math.max(wallCap, 1)));
        Future<Tried> run = worker.submit(() -> run(s, plan, options));
        try {
            return run.get(wallCap, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon.set(true);
            return abandoned(run, budgetBound ? "the shrinker's time ran out during a candidate"
                    : "a candidate ran past its wall-clock cap of " + ms(wallCap), !budgetBound);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RunAbandoned) {
                rejectedOverCap++;
                progress.accept("a candidate went past its cap, so it does not count: " + cause.getMessage());
            } else {
                progress.accept("a candidate run threw, so it does not count as the same failure: " + cause);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon.set(true);
            stuck = true;
            return null;
        }
    }

    /** A candidate past its wall-clock cap: given a moment to see it is abandoned, else left behind on its thread. */
    private Tried abandoned(Future<Tried> run, String why, boolean overCap) {
        if (overCap) {
            rejectedOverCap++;
        }
        try {
            run.get(ABANDON_GRACE_NANOS, TimeUnit.NANOSECONDS);
            progress.accept(why + ", so it does not count");
        } catch (TimeoutException | ExecutionException e) {
            if (!run.isDone()) {
                // Stuck inside one event (a handler or monitor that never returns): nothing stops it but an
                // interrupt it may ignore; its thread is a daemon, and no more candidates run beside it.
                run.cancel(true);
                stuck = true;
                worker.shutdownNow();
                worker = newWorker();
                progress.accept(why + " and did not stop (stuck inside one event or a checker), so it was left behind; "
                        + "shrinking stops with the smallest run so far");
            } else {
                progress.accept(why + ", so it does not count");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stuck = true;
        }
        return null;
    }

    /** The original run's events per simulated nanosecond, {@value #EVENT_CAP_FACTOR}-fold, over all the candidate may simulate. */
    private long eventCap(Scenario s) {
        double span = (double) s.safetyNanos() + s.livenessNanos();
        double cap = EVENT_CAP_FACTOR * eventsPerNano * span + EVENT_CAP_MIN;
        return cap >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) cap;
    }

    private Tried run(Scenario s, FaultPlan plan, RunOptions options) {
        if (plan instanceof ScheduledFaults faults) {
            int[][] resolved = new int[faults.size()][];
            int[] leaders = new int[faults.size()];
            java.util.Arrays.fill(leaders, -1);
            BitSet downAtStart = new BitSet();
            BitSet downAtEnd = new BitSet();
            RunResult r = pipeline.run(s, options.withFaultPlan(new Recording(faults, resolved, leaders, downAtStart, downAtEnd)));
            downAtStart.and(downAtEnd);
            return new Tried(new RunResult(r.scenario(), faults, r.history(), r.metrics(), r.failure(), r.verdicts(),
                    r.traceHash(), r.healAtNanos(), r.simulatedNanos()), resolved, leaders, downAtStart);
        }
        return new Tried(pipeline.run(s, options.withFaultPlan(plan)), null, null, new BitSet());
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            // The hunt's stack size: deep checker recursion runs here too.
            Thread t = new Thread(null, r, "paxsim-shrink", 64L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    private boolean budgetLeft() {
        // One run stays in reserve for the replay check.
        return !stuck && runs < maxRuns - 1 && System.nanoTime() - startedAtNanos < wallNanos;
    }

    /** When the failure happened: a monitor's or a handler's stop, else the end of the safety phase (a checker or liveness failure). */
    private static long failureTime(RunResult r) {
        return r.healAtNanos() >= 0 ? r.healAtNanos() : r.simulatedNanos();
    }

    /** Same kind of failure, found by the same checker, monitor or bound ({@link Failure#sameAs}). */
    static boolean failsLike(RunResult r, Failure original) {
        return r != null && !r.passed() && r.failure().sameAs(original);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static int nodeHits(Tried t) {
        if (t.resolved() == null) {
            return -1;
        }
        int hits = 0;
        for (int[] nodes : t.resolved()) {
            hits += nodes == null ? 0 : nodes.length;
        }
        return hits;
    }

    private static long opsInvoked(RunResult r) {
        return ((Number) r.metrics().getOrDefault("opsInvoked", 0L)).longValue();
    }

    /** {@code parts} contiguous [from, to) ranges covering 0..size. */
    private static List<int[]> chunks(int size, int parts) {
        List<int[]> out = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            out.add(new int[] {p * size / parts, (p + 1) * size / parts});
        }
        return out;
    }

    private static boolean contains(int[] nodes, int node) {
        for (int n : nodes) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    private static int[] without(int[] nodes, int index) {
        int[] out = new int[nodes.length - 1];
        for (int i = 0, j = 0; i < nodes.length; i++) {
            if (i != index) {
                out[j++] = nodes[i];
            }
        }
        return out;
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    /** A schedule that also records what each entry resolved to when it started (its replicas), and who led then. */
    private record Recording(ScheduledFaults faults, int[][] resolved, int[] leaders, BitSet downAtStart, BitSet downAtEnd)
            implements FaultPlan {
        @Override
        public int size() {
            return faults.size();
        }

        @Override
        public long lastEndNanos() {
            return faults.lastEndNanos();
        }

        @Override
        public FaultPlan keep(BitSet entries) {
            return faults.keep(entries);
        }

        @Override
        public Injection prepare() {
            IntSupplier[] leader = new IntSupplier[1];
            Simulation[] simulation = new Simulation[1];
            FaultListener record = (time, index, phase, entry, nodes) -> {
                if (phase == FaultListener.Phase.START) {
                    resolved[index] = nodes;
                    leaders[index] = leader[0] == null ? -1 : leader[0].getAsInt();
                }
                (phase == FaultListener.Phase.START ? downAtStart : downAtEnd).set(index, allDown(simulation[0], nodes));
            };
            Injection inner = faults.prepare(record);
            return new Injection() {
                @Override
                public io.paxsim.sim.SimObserver observer() {
                    return inner.observer();
                }

                @Override
                public void install(Simulation sim, int[] replicas, IntSupplier currentLeader) {
                    leader[0] = currentLeader;
                    simulation[0] = sim;
                    inner.install(sim, replicas, currentLeader);
                }

                @Override
                public void heal(Simulation sim) {
                    inner.heal(sim);
                }
            };
        }

        private static boolean allDown(Simulation sim, int[] nodes) {
            if (sim == null || nodes == null || nodes.length == 0) {
                return false;
            }
            for (int node : nodes) {
                if (sim.status(node) != io.paxsim.sim.NodeStatus.CRASHED) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toJson() {
            return faults.toJson();
        }

        @Override
        public List<String> describe() {
            return faults.describe();
        }

        @Override
        public List<String> kinds() {
            return faults.kinds();
        }
    }
}
