package io.paxsim.sim.explore;

import io.paxsim.sim.random.RandomStream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Systematic search over the actions of a {@link World}: breadth-first (shortest counterexample
 * first), depth-first to a bound, or seeded random walks.
 *
 * <p><b>Re-execution, not cloning.</b> A state is rebuilt by replaying its action path from the
 * initial state. Node objects are arbitrary protocol code with no copy API; replay needs none,
 * cannot share mutable state between branches by mistake, and is what replays a counterexample
 * in the simulator anyway. Its cost is the path length per successor.
 *
 * <p><b>Depth-first with kept worlds.</b> With a copier and {@link #withKeptWorlds} (the CLI's dfs
 * default), each successor but the last is a copy of the expanded state and the last is the state
 * itself; each waits on the stack with its world, so no action runs twice. The stack holds only
 * the unexpanded siblings along one path, so the worlds alive are bounded by depth times branching.
 * Without a depth bound the visited set ends the search (a state is expanded again only for
 * actions its sleep set held); with one, a state reached nearer the root is expanded again so its
 * subtree fits more of the bound.
 *
 * <p><b>Partial-order reduction: sleep sets</b> (Godefroid). After exploring action a from s,
 * a sibling b independent of a (see {@link World#footprint}) is put to sleep in the successor
 * s.b: the state s.b.a equals s.a.b and was reached from s.a. That needs a and b to commute on
 * the whole fingerprint, model ghost state and monitors included: a monitor that records which of
 * two independent deliveries came first makes s.a.b and s.b.a different states, and sleep sets then
 * skip one of them (IndependentActionsCommuteTest checks the pairs). Then sleep sets prune edges,
 * never states, so every reachable state is still visited and any state property (invariants,
 * terminal linearizability) is checked everywhere it would be without them. With the visited
 * set, a state revisited with a smaller sleep set is expanded again for the woken actions.
 *
 * <p><b>Persistent sets</b> (Godefroid) cut states: where {@link World#persistentSet} finds a
 * set of enabled actions that nothing outside it can touch before one of them runs, only that
 * set is expanded. Persistent sets keep every terminal state; a violation is kept too, because
 * the world stops at a violation (a violating state is terminal) and the monitors latch it:
 * a violating path p that skips the set commutes with a set action x (independent of all of p)
 * into x.p, which ends in the same, violating state. A bfs counterexample may then be longer
 * by the set actions it does not need (x first): it is shrunk like a dfs one, which drops them. Why the footprints rarely yield a persistent set: every node may send to
 * every node, so a delivery to n conflicts with a future delivery to n that any other node's
 * next action may send; only a node nothing can reach until it acts (a client that has sent
 * nothing yet) is safe to run first.
 */
public final class Explorer {
    /** Called between search rounds (bfs: per level; dfs and random: every few thousand states). */
    public interface Progress {
        void onProgress(long uniqueStates, long transitions, int depth, long pending);
    }

    /** A state's path: its parent's and the action that reached it (shared by every state below it). */
    record PathNode(PathNode parent, Action action, int depth) {
    }

    /**
     * A state to expand; {@code world} is its state when one was kept (consumed by the expansion), else null;
     * {@code nodeHashes} the per-node fingerprint parts its own path's world cached (seed its re-executions).
     */
    private record Item(PathNode path, long fingerprint, long[] only, World world, World.NodeHashes nodeHashes,
                        World.Chains chains) {
    }

    private record Successor(PathNode path, long fingerprint, long[] sleep, String violation, boolean beyondBounds,
                             World world, World.NodeHashes nodeHashes, World.Chains chains) {
    }

    private record Expansion(Item item, List<Successor> successors, boolean terminal, String terminalViolation,
                             boolean terminalUnknown, long sometimes, long slept, long pruned) {
    }

    private final ExploreModel model;
    private final ExploreOptions options;
    private LevelExecutor executor = LevelExecutor.SEQUENTIAL;
    private StateCopier copier;
    private AncestorWorlds ancestors;
    private StateHasher hasher;
    private int copyFromDepth;
    private int keptWorldsMax;
    private int keptWorlds;
    private Progress progress = (u, t, d, p) -> { };
    private java.util.function.LongConsumer terminalListener = fingerprint -> { };
    private int maxDelays = 3;
    private DefaultSchedule defaultSchedule = DefaultSchedule.LIFO;
    private boolean delayPartitions = true;
    private final FingerprintTable visited = new FingerprintTable();
    private boolean shrinking = true;

    private long transitions;
    private int depthReached;
    private long terminalStates;
    private long boundedStates;
    private long sleptActions;
    private long prunedActions;
    private long reexpansions;
    private long sometimes;
    private long unknownTerminal;
    private String cutReason = "";
    private ExploreResult.Counterexample counterexample;
    private int eventuallyGoal = -1;
    private int livenessTimeouts;
    private int livenessRounds;
    private long livenessStatesMax;
    private long eventuallyChecked;
    private long eventuallyHolds;
    private long eventuallyUnknown;

    public Explorer(ExploreModel model, ExploreOptions options) {
        this.model = model;
        this.options = options;
    }

    public Explorer withExecutor(LevelExecutor levelExecutor) {
        this.executor = levelExecutor;
        return this;
    }

    /**
     * Keep each new successor's world for its own expansion (up to {@code keptWorldsMax} waiting
     * at once; beyond that a state is rebuilt when its turn comes: from {@link #withAncestorCopies
     * ancestor copies} when set, else re-executed from the root), so those states' actions run once.
     * A kept world lives about one bfs level, so a large budget mostly buys garbage-collector work
     * (docs/performance.md, "xkeep").
     */
    public Explorer withKeptWorlds(int keptWorldsMax) {
        this.keptWorldsMax = keptWorldsMax;
        return this;
    }

    /**
     * Branch by copying states: from depth {@code fromDepth} on, an expansion copies its state
     * once per successor but the last instead of re-executing the path from the root (copying
     * costs about the same at any depth; re-execution grows with the path).
     */
    public Explorer withCopier(StateCopier stateCopier, int fromDepth) {
        this.copier = stateCopier;
        this.copyFromDepth = fromDepth;
        return this;
    }

    /**
     * Branch from kept ancestors (bfs with the sequential executor; else as {@link #withCopier}):
     * each state of a level is built from a copy of its deepest ancestor still kept (see
     * {@link AncestorWorlds}: the round's order is known, so every ancestor a later state branches
     * from is kept) plus the rest of its path, and each successor but the last of an expansion
     * from a copy of the expanded state. Nothing is re-executed from the root but the first state
     * of a subtree no kept world covers; at most one chain of worlds stays alive. The CLI's default.
     */
    public Explorer withAncestorCopies(StateCopier stateCopier) {
        this.copier = stateCopier;
        this.copyFromDepth = 0;
        this.ancestors = new AncestorWorlds(this::newWorld, stateCopier);
        return this;
    }

    /** Fingerprint states by content (see {@link StateHasher}) instead of by per-node event history. */
    public Explorer withStateHasher(StateHasher stateHasher) {
        this.hasher = stateHasher == null ? null : MessageHashMemo.of(stateHasher); // one memo for every world of the search
        return this;
    }

    private long fingerprint(World world) {
        return hasher == null ? world.fingerprint() : hasher.hash(world);
    }

    /**
     * Check "eventually goal {@code goalBit} once faults stop" (a liveness property decided on
     * the bounded graph): at each terminal state where the goal was not reached, faults stop
     * (no crash, drop or duplicate; crashed nodes may restart), {@code moreTimeouts} timer firings
     * and {@code moreRounds} ballot rounds are granted, and some continuation must reach the goal.
     * Seeded random continuations are tried first; failing those, the continuation space is
     * searched exhaustively up to {@code statesMax} states (beyond: UNKNOWN, never OK).
     */
    public Explorer withEventually(int goalBit, int moreTimeouts, int moreRounds, long statesMax) {
        this.eventuallyGoal = goalBit;
        this.livenessTimeouts = moreTimeouts;
        this.livenessRounds = moreRounds;
        this.livenessStatesMax = statesMax;
        return this;
    }

    /** Hands each terminal state's fingerprint to {@code listener} (tests compare reductions by them). */
    public Explorer withTerminalListener(java.util.function.LongConsumer listener) {
        this.terminalListener = listener;
        return this;
    }

    /**
     * Strategy delay-bounded: the bound, the default schedule and whether cutting a replica off is
     * a deviation (see {@link DelayBoundedSearch}, which runs the search with this explorer's
     * hasher, copier and progress).
     */
    public Explorer withDelayBound(int maxDelays, DefaultSchedule schedule, boolean partitions) {
        this.maxDelays = maxDelays;
        this.defaultSchedule = schedule;
        this.delayPartitions = partitions;
        return this;
    }

    /**
     * Whether a counterexample that may not be shortest (dfs, random, persistent sets) is shrunk
     * (default); off when the caller searches breadth-first for the shortest one anyway.
     */
    public Explorer withShrinking(boolean on) {
        this.shrinking = on;
        return this;
    }

    public Explorer withProgress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Approximate bytes of the visited table. */
    public long visitedBytes() {
        return visited.approximateBytes();
    }

    public ExploreResult run() {
        if (options.strategy() == ExploreOptions.Strategy.DELAY_BOUNDED) {
            DelayBoundedSearch search = new DelayBoundedSearch(model, options, maxDelays, defaultSchedule)
                    .withPartitions(delayPartitions).withProgress(progress);
            return (hasher == null ? search : search.withStateHasher(hasher)).withCopier(copier).run();
        }
        World root = newWorld();
        sometimes |= root.instance().sometimesReached();
        long rootFingerprint = fingerprint(root);
        visited.put(rootFingerprint, new FingerprintTable.Entry(FingerprintTable.EMPTY, 0));
        if (root.violation() != null) {
            counterexample = counterexample(null, root.violation());
        } else {
            switch (options.strategy()) {
                case BFS -> bfs(new Item(null, rootFingerprint, null, null, null, null));
                case DFS -> dfs(new Item(null, rootFingerprint, null, null, null, null));
                case RANDOM -> randomWalks();
                default -> throw new AssertionError(options.strategy());
            }
        }
        if (ancestors != null) {
            ancestors.clear();
        }
        boolean exhaustive = counterexample == null && cutReason.isEmpty() && options.strategy() != ExploreOptions.Strategy.RANDOM;
        if (options.strategy() == ExploreOptions.Strategy.RANDOM && cutReason.isEmpty() && counterexample == null) {
            cutReason = "random walks sample the space; they never exhaust it";
        }
        List<ExploreResult.Goal> goals = new ArrayList<>();
        List<String> names = model.sometimesGoals();
        for (int i = 0; i < names.size(); i++) {
            goals.add(new ExploreResult.Goal(names.get(i), (sometimes >>> i & 1) != 0));
        }
        ExploreResult.Eventually eventually = eventuallyGoal < 0 ? null : new ExploreResult.Eventually(
                names.get(eventuallyGoal), eventuallyChecked, eventuallyHolds, eventuallyUnknown);
        return new ExploreResult(transitions, visited.size(), depthReached, terminalStates, exhaustive, cutReason,
                boundedStates, sleptActions, reexpansions, goals, unknownTerminal, counterexample, eventually, prunedActions);
    }

    // ---- breadth-first ---------------------------------------------------------------------

    /** States expanded per round: bounds the worlds alive at once (a round's successors hold theirs). */
    private static final int ROUND = 2048;

    private void bfs(Item root) {
        List<Item> frontier = new ArrayList<>(List.of(root));
        int depth = 0;
        while (!frontier.isEmpty() && counterexample == null) {
            if (options.maxDepth() > 0 && depth >= options.maxDepth()) {
                cutReason = "depth bound " + options.maxDepth() + " reached with " + frontier.size() + " states unexpanded";
                return;
            }
            depthReached = Math.max(depthReached, depth);
            List<Item> next = new ArrayList<>();
            Successor firstViolation = null;
            for (int start = 0; start < frontier.size() && counterexample == null; start += ROUND) {
                List<Item> round = new ArrayList<>(frontier.subList(start, Math.min(frontier.size(), start + ROUND)));
                for (int i = start; i < start + round.size(); i++) {
                    frontier.set(i, null); // its kept world is consumed by the expansion
                }
                int end = start + round.size();
                List<Expansion> expansions = expandRound(round, end < frontier.size() ? frontier.get(end).path() : null);
                if (mergeTerminals(expansions)) {
                    break;
                }
                Successor v = mergeSuccessors(expansions, firstViolation == null ? next : null);
                if (firstViolation == null) {
                    firstViolation = v;
                }
                if (!next.isEmpty() || firstViolation != null) {
                    depthReached = Math.max(depthReached, depth + 1); // states one step deeper were reached
                }
                if (!cutReason.isEmpty()) {
                    return;
                }
            }
            if (counterexample == null && firstViolation != null) {
                // Terminal violations of this whole level came first: their paths are one action shorter.
                counterexample = counterexample(firstViolation.path(), firstViolation.violation());
            }
            progress.onProgress(visited.size(), transitions, depth, next.size());
            frontier = next;
            depth++;
        }
    }

    /** {@code after}: the path of the state expanded after this round (null if none). */
    private List<Expansion> expandRound(List<Item> round, PathNode after) {
        List<long[]> sleeps = new ArrayList<>(round.size());
        for (Item item : round) {
            FingerprintTable.Entry entry = visited.get(item.fingerprint());
            entry.expanded = true;
            sleeps.add(entry.sleep);
            if (item.world() != null) {
                keptWorlds--;
            }
        }
        List<Integer> indexes = new ArrayList<>(round.size());
        for (int i = 0; i < round.size(); i++) {
            indexes.add(i);
        }
        if (ancestors != null && executor == LevelExecutor.SEQUENTIAL) {
            List<PathNode> order = new ArrayList<>(round.size() + 1);
            for (Item item : round) {
                if (item.world() == null) {
                    order.add(item.path()); // states with a kept world need no ancestor
                }
            }
            if (after != null) {
                order.add(after);
            }
            ancestors.plan(order);
            List<Expansion> out = new ArrayList<>(round.size());
            int planned = 0;
            for (int i = 0; i < round.size(); i++) {
                Item item = round.get(i);
                World world = item.world() != null ? item.world() : ancestorWorld(item, planned++);
                out.add(expand(item, sleeps.get(i), world));
            }
            return out;
        }
        return executor.map(indexes, i -> expand(round.get(i), sleeps.get(i)));
    }

    /** The item's state built from the kept ancestor worlds (see {@link AncestorWorlds}), its node parts seeded. */
    private World ancestorWorld(Item item, int index) {
        World world = ancestors.worldAt(index);
        world.seedNodeHashes(item.nodeHashes());
        return world;
    }

    /** Terminal states of this level first: their violations are shorter than any successor's. */
    private boolean mergeTerminals(List<Expansion> expansions) {
        for (Expansion e : expansions) {
            sometimes |= e.sometimes();
            sleptActions += e.slept();
            prunedActions += e.pruned();
            if (e.terminal() && countTerminalOnce(e.item().fingerprint())) {
                terminalStates++;
                terminalListener.accept(e.item().fingerprint());
                if (e.terminalUnknown()) {
                    unknownTerminal++;
                }
                if (e.terminalViolation() != null && counterexample == null) {
                    counterexample = counterexample(e.item().path(), e.terminalViolation());
                }
                if (counterexample == null && eventuallyGoal >= 0 && (e.sometimes() >>> eventuallyGoal & 1) == 0) {
                    String bad = eventually(e.item().path());
                    if (bad != null) {
                        counterexample = counterexample(e.item().path(), bad);
                    }
                }
            }
        }
        return counterexample != null;
    }

    /**
     * Whether a terminal state is met for the first time: a state expanded again (a dfs re-expansion
     * nearer the root, or actions its sleep set held woken) is counted, checked and reported once.
     */
    private boolean countTerminalOnce(long fingerprint) {
        FingerprintTable.Entry entry = visited.get(fingerprint);
        if (entry.terminalCounted) {
            return false;
        }
        entry.terminalCounted = true;
        return true;
    }

    /**
     * Admits each expansion's successors into {@code next}; after the first violating successor
     * (returned) only counts transitions ({@code next} null: the level only looks for shorter,
     * terminal violations).
     */
    private Successor mergeSuccessors(List<Expansion> expansions, List<Item> next) {
        Successor violating = null;
        for (Expansion e : expansions) {
            for (Successor s : e.successors()) {
                transitions++;
                if (next == null || violating != null) {
                    continue;
                }
                if (s.violation() != null) {
                    violating = s;
                    next.clear();
                    continue;
                }
                if (!admit(s, next::add) && options.maxStates() > 0 && visited.size() >= options.maxStates()) {
                    cutReason = "state budget " + options.maxStates() + " spent before the space was exhausted";
                    next.clear();
                    return null;
                }
            }
        }
        return violating;
    }

    /**
     * Records a successor in the visited table; hands it to {@code enqueue} when it must be
     * expanded (new, or revisited with actions its sleep set had held). Returns false when a
     * state budget is in force and just ran out.
     */
    private boolean admit(Successor s, java.util.function.Consumer<Item> enqueue) {
        FingerprintTable.Entry entry = visited.get(s.fingerprint());
        int depth = s.path().depth();
        if (entry == null) {
            visited.put(s.fingerprint(), new FingerprintTable.Entry(s.sleep(), depth));
            if (s.beyondBounds()) {
                boundedStates++;
            } else {
                enqueue.accept(new Item(s.path(), s.fingerprint(), null, keep(s.world()), s.nodeHashes(), s.chains()));
            }
            return options.maxStates() == 0 || visited.size() < options.maxStates();
        }
        if (s.beyondBounds()) {
            return true;
        }
        if (depth < entry.depth && options.strategy() == ExploreOptions.Strategy.DFS && options.maxDepth() > 0) {
            // Depth-bounded dfs: reached closer to the root, so its subtree fits more of the bound (unbounded dfs
            // expands every state's whole subtree whatever path reached it: nothing to redo).
            entry.depth = depth;
            entry.sleep = FingerprintTable.intersect(entry.sleep, s.sleep());
            entry.expanded = false;
            reexpansions++;
            enqueue.accept(new Item(s.path(), s.fingerprint(), null, keep(s.world()), s.nodeHashes(), s.chains()));
            return true;
        }
        if (!entry.expanded) {
            entry.sleep = FingerprintTable.intersect(entry.sleep, s.sleep());
            return true;
        }
        long[] woken = FingerprintTable.minus(entry.sleep, s.sleep());
        if (woken.length > 0) {
            entry.sleep = FingerprintTable.intersect(entry.sleep, s.sleep());
            reexpansions++;
            enqueue.accept(new Item(s.path(), s.fingerprint(), woken, keep(s.world()), s.nodeHashes(), s.chains()));
        }
        return true;
    }

    /** The successor's world if the budget of kept worlds allows, else null (re-executed later). */
    private World keep(World world) {
        if (world == null || keptWorlds >= keptWorldsMax) {
            return null;
        }
        keptWorlds++;
        return world;
    }

    // ---- depth-first -----------------------------------------------------------------------

    private void dfs(Item root) {
        ArrayDeque<Item> stack = new ArrayDeque<>();
        stack.push(root);
        long lastReport = 0;
        while (!stack.isEmpty() && counterexample == null) {
            Item item = stack.pop();
            if (item.world() != null) {
                keptWorlds--;
            }
            FingerprintTable.Entry entry = visited.get(item.fingerprint());
            int depth = item.path() == null ? 0 : item.path().depth();
            depthReached = Math.max(depthReached, depth); // reached, if not expanded (at the bound)
            if (options.maxDepth() > 0 && depth >= options.maxDepth()) {
                cutReason = "depth bound " + options.maxDepth() + " cut some paths";
                continue;
            }
            entry.expanded = true;
            Expansion e = expand(item, entry.sleep);
            depthReached = Math.max(depthReached, depth);
            if (mergeTerminals(List.of(e))) {
                return;
            }
            List<Item> children = new ArrayList<>();
            for (Successor s : e.successors()) {
                transitions++;
                if (s.violation() != null) {
                    depthReached = Math.max(depthReached, depth + 1);
                    counterexample = counterexample(s.path(), s.violation());
                    return;
                }
                if (!admit(s, children::add)) {
                    cutReason = "state budget " + options.maxStates() + " spent before the space was exhausted";
                    return;
                }
            }
            Collections.reverse(children);
            children.forEach(stack::push);
            if (visited.size() - lastReport >= 10_000) {
                lastReport = visited.size();
                progress.onProgress(visited.size(), transitions, depthReached, stack.size());
            }
        }
    }

    // ---- random walks ----------------------------------------------------------------------

    /** Expected walk length before any walk has ended (swarm walks spread their budgets over it). */
    private static final int FIRST_WALK_HORIZON_STEPS = 64;

    private void randomWalks() {
        int depthCap = options.maxDepth() > 0 ? options.maxDepth() : 1_000;
        long stepsWalked = 0;
        for (long walk = 0; walk < options.walks() && counterexample == null; walk++) {
            RandomStream random = RandomStream.derive(options.seed(), "explore/walk/" + walk);
            World world = newWorld();
            List<Action> path = new ArrayList<>();
            boolean swarm = switch (options.walkMix()) {
                case SWARM -> true;
                case UNIFORM -> false;
                case MIXED -> walk % 2 == 1;
            };
            int horizon = walk == 0 ? FIRST_WALK_HORIZON_STEPS : (int) Math.min(depthCap, stepsWalked / walk);
            SwarmWalk swarmWalk = swarm ? new SwarmWalk(random, options, horizon) : null;
            while (true) {
                List<Action> enabled = world.enabled();
                if (enabled.isEmpty()) {
                    terminalStates++;
                    if (!world.instance().beyondBounds()) {
                        String bad = world.instance().terminalViolation();
                        if (bad != null) {
                            counterexample = counterexample(pathOf(path), bad);
                        }
                    }
                    break;
                }
                if (path.size() >= depthCap) {
                    break;
                }
                Action a = swarm ? swarmWalk.pick(world, enabled, random) : random.choice(enabled);
                world.apply(a);
                path.add(a);
                transitions++;
                sometimes |= world.instance().sometimesReached();
                long fp = fingerprint(world);
                if (visited.get(fp) == null) {
                    visited.put(fp, new FingerprintTable.Entry(FingerprintTable.EMPTY, path.size()));
                }
                if (world.violation() != null) {
                    counterexample = counterexample(pathOf(path), world.violation());
                    break;
                }
                if (options.maxStates() > 0 && visited.size() >= options.maxStates()) {
                    cutReason = "state budget " + options.maxStates() + " spent";
                    return;
                }
            }
            stepsWalked += path.size();
            depthReached = Math.max(depthReached, path.size());
            if (walk % 100 == 99) {
                progress.onProgress(visited.size(), transitions, depthReached, options.walks() - walk - 1);
            }
        }
    }

    // ---- eventually ------------------------------------------------------------------------

    private static final int LIVENESS_WALKS = 20;
    private static final int LIVENESS_WALK_STEPS = 400;

    /** Null when a fault-free continuation of {@code path} reaches the goal; else the violation (or null and counted unknown). */
    private String eventually(PathNode path) {
        eventuallyChecked++;
        String goal = model.sometimesGoals().get(eventuallyGoal);
        for (int walk = 0; walk < LIVENESS_WALKS; walk++) {
            RandomStream random = RandomStream.derive(options.seed(), "explore/eventually/" + walk);
            World world = livenessWorld(path);
            for (int step = 0; step < LIVENESS_WALK_STEPS && !reachedGoal(world); step++) {
                List<Action> enabled = world.enabled();
                if (enabled.isEmpty()) {
                    break;
                }
                world.apply(random.choice(enabled));
            }
            if (reachedGoal(world)) {
                eventuallyHolds++;
                return null;
            }
        }
        // No walk reached it: search the continuation space exhaustively (breadth-first, by re-execution).
        FingerprintTable seen = new FingerprintTable();
        List<List<Action>> frontier = new ArrayList<>(List.of(List.of()));
        while (!frontier.isEmpty()) {
            List<List<Action>> next = new ArrayList<>();
            for (List<Action> continuation : frontier) {
                World world = livenessWorld(path, continuation);
                for (Action a : world.enabled()) {
                    World w = livenessWorld(path, continuation);
                    w.apply(a);
                    if (reachedGoal(w)) {
                        eventuallyHolds++;
                        return null;
                    }
                    long fp = fingerprint(w);
                    if (w.violation() == null && !seen.containsKey(fp)) {
                        seen.put(fp, new FingerprintTable.Entry(FingerprintTable.EMPTY, 0));
                        List<Action> longer = new ArrayList<>(continuation);
                        longer.add(a);
                        next.add(longer);
                    }
                    if (seen.size() > livenessStatesMax) {
                        eventuallyUnknown++;
                        return null;
                    }
                }
            }
            frontier = next;
        }
        return "eventually " + goal + ": once faults stop (no crash, drop or duplicate; restarts allowed; "
                + livenessTimeouts + " more timeouts, " + livenessRounds + " more ballot rounds), no continuation of "
                + "this state reaches " + goal + " (" + seen.size() + " continuation states searched)";
    }

    private boolean reachedGoal(World world) {
        return (world.instance().sometimesReached() >>> eventuallyGoal & 1) != 0;
    }

    private World livenessWorld(PathNode path) {
        World world = replay(path);
        world.stopFaults(livenessTimeouts);
        world.instance().enterLivenessPhase(livenessRounds);
        return world;
    }

    private World livenessWorld(PathNode path, List<Action> continuation) {
        World world = livenessWorld(path);
        for (Action a : continuation) {
            world.apply(a);
        }
        return world;
    }

    // ---- expansion -------------------------------------------------------------------------

    /**
     * Rebuilds the item's state (its kept world, or by re-execution) and applies each action not
     * asleep: on a copy of the state when a copier is set (the last action on the state itself),
     * else on a fresh re-execution of the path.
     */
    private Expansion expand(Item item, long[] sleep) {
        return expand(item, sleep, item.world() != null ? item.world() : replay(item));
    }

    private Expansion expand(Item item, long[] sleep, World world) {
        List<Action> enabled = world.enabled();
        if (enabled.isEmpty()) {
            if (world.instance().beyondBounds()) {
                return new Expansion(item, List.of(), false, null, false, 0, 0, 0);
            }
            String bad = world.instance().terminalViolation();
            boolean unknown = bad == null && world.instance().terminalUnknown() != null;
            return new Expansion(item, List.of(), true, bad, unknown, world.instance().sometimesReached(), 0, 0);
        }
        int enabledCount = enabled.size();
        if (options.persistentSets()) {
            enabled = world.persistentSet(enabled);
        }
        long pruned = enabledCount - enabled.size();
        long[] keys = new long[enabled.size()];
        long[] footprints = new long[enabled.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = world.actionKey(enabled.get(i));
            footprints[i] = world.footprint(enabled.get(i));
        }
        int[] chosen = new int[keys.length];
        int chosenCount = 0;
        long slept = 0;
        for (int i = 0; i < keys.length; i++) {
            if (options.sleepSets() && FingerprintTable.contains(sleep, keys[i])) {
                slept++;
            } else if (item.only() == null || FingerprintTable.contains(item.only(), keys[i])) {
                chosen[chosenCount++] = i;
            }
        }
        List<Successor> successors = new ArrayList<>(chosenCount);
        long[] explored = new long[2 * keys.length];
        int exploredCount = 0;
        long reached = 0;
        int depth = item.path() == null ? 0 : item.path().depth();
        for (int c = 0; c < chosenCount; c++) {
            int i = chosen[c];
            World next;
            if (c == chosenCount - 1) {
                next = world;
            } else if (copier != null && depth >= copyFromDepth) {
                next = copier.copy(world);
            } else {
                next = replay(item);
            }
            Action action = enabled.get(i);
            next.apply(action);
            reached |= next.instance().sometimesReached();
            long[] nextSleep = options.sleepSets()
                    ? inheritSleep(sleep, explored, exploredCount, footprints[i]) : FingerprintTable.EMPTY;
            long fingerprint = fingerprint(next);
            // Dfs expands one state at a time, so a successor's world waits only until admit decides: kept for a
            // revisit that wakes actions too (else that is re-executed from the root). A bfs round holds its
            // successors until the merge, so there only new states keep theirs.
            boolean keepWorld = keptWorldsMax > 0 && next.violation() == null
                    && (options.strategy() == ExploreOptions.Strategy.DFS || !visited.containsKey(fingerprint));
            // What a re-execution of the successor's path would be seeded with: not needed when its world is kept
            // whatever the budget (unbounded: dfs with kept worlds), so not copied for every successor there.
            boolean rebuildable = !keepWorld || keptWorldsMax != Integer.MAX_VALUE;
            successors.add(new Successor(new PathNode(item.path(), action, depth + 1), fingerprint, nextSleep,
                    next.violation(), next.instance().beyondBounds(), keepWorld ? next : null,
                    hasher != null && rebuildable ? next.cachedNodeHashes() : null, rebuildable ? next.chains() : null));
            explored[exploredCount++] = keys[i];
            explored[exploredCount++] = footprints[i];
        }
        return new Expansion(item, successors, false, null, false, reached, slept, pruned);
    }

    /** The successor's sleep set: the parent's sleepers and earlier siblings that commute with the action taken. */
    private static long[] inheritSleep(long[] sleep, long[] explored, int exploredCount, long footprint) {
        long[] out = new long[sleep.length + exploredCount];
        int n = 0;
        for (int i = 0; i < sleep.length; i += 2) {
            if (World.independent(sleep[i + 1], footprint)) {
                out[n++] = sleep[i];
                out[n++] = sleep[i + 1];
            }
        }
        for (int i = 0; i < exploredCount; i += 2) {
            if (World.independent(explored[i + 1], footprint) && !FingerprintTable.contains(java.util.Arrays.copyOf(out, n), explored[i])) {
                out[n++] = explored[i];
                out[n++] = explored[i + 1];
            }
        }
        return n == 0 ? FingerprintTable.EMPTY : java.util.Arrays.copyOf(out, n);
    }

    private World newWorld() {
        return newWorld(model, options, hasher);
    }

    private World replay(PathNode path) {
        return replayExplored(model, options, hasher, actionsOf(path));
    }

    /**
     * The item's state re-executed, its per-node fingerprint parts and event chains seeded from the
     * world its path first reached (so the re-execution does not hash every event's payload again).
     */
    private World replay(Item item) {
        World world = newWorld();
        if (item.chains() != null) {
            world.deferChains();
        }
        replayInto(world, actionsOf(item.path()));
        if (item.chains() != null) {
            world.seedChains(item.chains());
        }
        world.seedNodeHashes(item.nodeHashes());
        return world;
    }

    /** A fresh world of {@code model}, fingerprinted by {@code hasher} when one is given. */
    static World newWorld(ExploreModel model, ExploreOptions options, StateHasher hasher) {
        World world = new World(model, options);
        if (hasher != null) {
            world.useStateHasher(hasher);
        }
        return world;
    }

    /**
     * A fresh world after {@code actions}, a path a search already explored: a violation before its end
     * means the model is not deterministic.
     */
    static World replayExplored(ExploreModel model, ExploreOptions options, StateHasher hasher, List<Action> actions) {
        return replayInto(newWorld(model, options, hasher), actions);
    }

    /** {@code world} after {@code actions}, a path a search already explored (see {@link #replayExplored}). */
    private static World replayInto(World world, List<Action> actions) {
        for (Action a : actions) {
            world.apply(a);
            if (world.violation() != null) {
                throw new IllegalStateException("replay of an explored path violated a property early: the model is "
                        + "not deterministic (" + world.violation() + ")");
            }
        }
        return world;
    }

    private static List<Action> actionsOf(PathNode path) {
        ArrayList<Action> actions = new ArrayList<>(path == null ? 0 : path.depth());
        for (PathNode p = path; p != null; p = p.parent()) {
            actions.add(p.action());
        }
        Collections.reverse(actions);
        return actions;
    }

    private static PathNode pathOf(List<Action> actions) {
        PathNode p = null;
        for (Action a : actions) {
            p = new PathNode(p, a, p == null ? 1 : p.depth() + 1);
        }
        return p;
    }

    private ExploreResult.Counterexample counterexample(PathNode path, String violation) {
        // Bfs paths are shortest, unless persistent sets put a set action first that the violation does not need.
        boolean mayBeLonger = options.strategy() != ExploreOptions.Strategy.BFS || prunedActions > 0;
        return counterexampleOf(model, options, actionsOf(path), Shrinker.propertyOf(violation), violation,
                shrinking && mayBeLonger, -1);
    }

    /** A path re-executed: the world it leads to, with a line per action. */
    public record Replayed(World world, List<String> steps) {
    }

    /**
     * {@code found} with its path shrunk (as a dfs search shrinks its own; an eventually
     * counterexample, whose continuation is part of it, is returned as it is).
     */
    public static ExploreResult.Counterexample shrunk(ExploreModel model, ExploreOptions options,
                                                     ExploreResult.Counterexample found) {
        return counterexampleOf(model, options, found.actions(), found.property(), found.message(), true,
                found.deviations());
    }

    /**
     * The counterexample of a violating path, replayed for its steps and message ({@code violation}
     * when the replay ends without one); shrunk first when {@code shrink} is set and the property is
     * not an eventually one (its continuation is part of it).
     */
    private static ExploreResult.Counterexample counterexampleOf(ExploreModel model, ExploreOptions options,
                                                                List<Action> actions, String property, String violation,
                                                                boolean shrink, int deviations) {
        boolean shrinks = shrink && !actions.isEmpty() && !property.startsWith("eventually");
        if (shrinks) {
            actions = new Shrinker(model, options, 3_000).shrink(actions, property);
        }
        Replayed r = replay(model, options, actions);
        assert !shrinks || r.world().violation() != null : "a shrunk path must still violate " + property;
        String message = r.world().violation() != null ? r.world().violation() : violation;
        return new ExploreResult.Counterexample(property, message, actions, r.steps(), deviations);
    }

    /** Re-executes {@code actions} from the initial state (a counterexample's replay). */
    public static Replayed replay(ExploreModel model, ExploreOptions options, List<Action> actions) {
        World world = new World(model, options);
        List<String> steps = new ArrayList<>();
        for (Action a : actions) {
            // A search only ever takes enabled actions; a recorded list that names another one (a build whose
            // events are numbered differently, say) would fire a timer the model forbids and report what it did.
            if (!world.enabled().contains(a)) {
                throw new IllegalArgumentException("step " + (steps.size() + 1) + " (" + a + ") is not enabled there"
                        + " (the path does not match this model or build)");
            }
            steps.add(world.describe(a));
            world.apply(a);
            if (world.violation() != null) {
                break;
            }
        }
        return new Replayed(world, steps);
    }
}
