package io.paxsim.sim.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Delay-bounded search (Emmi, Qadeer and Rakamarić, POPL 2011; the CHESS line of work): every
 * schedule that deviates at most {@code maxDelays} times from one deterministic default schedule
 * ({@link DefaultSchedule}), fewest deviations first. Bugs of real systems tend to need few
 * deviations from an ordinary run even when they need many steps: a 21-step counterexample is out
 * of breadth-first reach (every interleaving of every prefix), but a handful of choices away from
 * the schedule the network would take anyway.
 *
 * <p><b>Order.</b> States are expanded in lexicographic order of (deviations, depth) — Dijkstra
 * over edges that cost (0 or 1, 1) — which is iterative deepening over the deviation bound
 * without repeating a level: the first counterexample has the fewest deviations of any within the
 * bound, and is the shortest among those. It is <em>not</em> the shortest overall (breadth-first
 * search gives that); a longer path may need fewer deviations.
 *
 * <p><b>Costs.</b> Taking the default action costs nothing; any other enabled action costs one
 * deviation: a different message, timer or fsync first, or a fault (crash, drop, duplicate),
 * which is never the default.
 *
 * <p><b>Visited states.</b> A state is expanded once, when first reached with its fewest
 * deviations (Dijkstra's closed set; the same fingerprints as every strategy). The default action
 * in a merged state is the one of the path that reached it first, as in CHESS with state caching:
 * the search covers every state reachable within the bound under that reading, and a result
 * without a violation proves nothing beyond the bound: it is never reported as exhaustive.
 *
 * <p>No sleep sets: they prune with respect to the whole space and may cut the only cheap path to
 * a state in a bounded one.
 */
public final class DelayBoundedSearch {
    /**
     * A step of a path: an action of the world, or (action null) a change of which replica is cut
     * off; {@code deviation}: the step is not the default schedule's (a partition change always is).
     */
    private record PathNode(PathNode parent, Action action, int depth, long isolated, long[] staleBelow,
                            boolean deviation) {
    }

    /** A state to expand, ordered by (delays, depth, arrival). */
    private record Item(PathNode path, long fingerprint, int delays, long order, String violation, World world) {
        int depth() {
            return path == null ? 0 : path.depth();
        }

        long isolated() {
            return path == null ? 0 : path.isolated();
        }

        long[] staleBelow() {
            return path == null ? null : path.staleBelow();
        }
    }

    private final ExploreModel model;
    private final ExploreOptions options;
    private final int maxDelays;
    private final DefaultSchedule schedule;
    private StateHasher hasher;
    private StateCopier copier;
    private Explorer.Progress progress = (u, t, d, p) -> { };
    private int keptWorldsMax = 2_000;
    private boolean partitions;
    private int keptWorlds;
    private final FingerprintTable visited = new FingerprintTable();
    private long arrivals;
    private long transitions;
    private long terminalStates;
    private long unknownTerminal;
    private long boundedStates;
    private long sometimes;
    private int depthReached;
    private int delaysReached;
    private long[] statesPerDelays = new long[0];
    private int counterexampleDelays = -1;

    public DelayBoundedSearch(ExploreModel model, ExploreOptions options, int maxDelays, DefaultSchedule schedule) {
        if (maxDelays < 0) {
            throw new IllegalArgumentException("the delay bound must be >= 0: " + maxDelays);
        }
        this.model = model;
        this.options = options;
        this.maxDelays = maxDelays;
        this.schedule = schedule;
        this.statesPerDelays = new long[maxDelays + 1];
    }

    public DelayBoundedSearch withStateHasher(StateHasher stateHasher) {
        this.hasher = stateHasher;
        return this;
    }

    /** Branch by copying a state per successor (but the last) instead of re-executing its path. */
    public DelayBoundedSearch withCopier(StateCopier stateCopier) {
        this.copier = stateCopier;
        return this;
    }

    public DelayBoundedSearch withProgress(Explorer.Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Partitions as deviations: cutting one replica off (or healing) costs one deviation and
     * changes the default schedule, which then leaves every message into or out of that replica
     * in flight. Without it, keeping a replica out of a whole exchange costs a deviation per
     * message; with it, one. Off by default.
     */
    public DelayBoundedSearch withPartitions(boolean on) {
        this.partitions = on;
        return this;
    }

    /** New states kept with their world for their own expansion (others are re-executed from the root). */
    public DelayBoundedSearch withKeptWorlds(int max) {
        this.keptWorldsMax = max;
        return this;
    }

    /** Unique states first reached with exactly d deviations, for d = 0..maxDelays (how the bound grows the space). */
    public long[] statesPerDelays() {
        return statesPerDelays.clone();
    }

    /** Deviations the counterexample took (-1: none found). */
    public int counterexampleDelays() {
        return counterexampleDelays;
    }

    /** The most deviations any expanded state used (below the bound when the search stopped early). */
    public int delaysReached() {
        return delaysReached;
    }

    public ExploreResult run() {
        World root = newWorld();
        sometimes |= root.instance().sometimesReached();
        long rootFp = ContentHash.mix(fingerprint(root), 0L, java.util.Arrays.hashCode((long[]) null));
        ExploreResult.Counterexample cx = null;
        String cut = "";
        if (root.violation() != null) {
            counterexampleDelays = 0;
            cx = counterexample(null, root.violation());
        } else {
            PriorityQueue<Item> queue = new PriorityQueue<>((a, b) -> a.delays() != b.delays()
                    ? Integer.compare(a.delays(), b.delays())
                    : a.depth() != b.depth() ? Integer.compare(a.depth(), b.depth()) : Long.compare(a.order(), b.order()));
            visited.put(rootFp, new FingerprintTable.Entry(FingerprintTable.EMPTY, 0));
            statesPerDelays[0]++;
            queue.add(new Item(null, rootFp, 0, arrivals++, null, keep(root)));
            long lastReport = 0;
            while (!queue.isEmpty() && cx == null && cut.isEmpty()) {
                Item item = queue.poll();
                if (item.world() != null) {
                    keptWorlds--;
                }
                if (item.violation() != null) {
                    depthReached = Math.max(depthReached, item.depth());
                    counterexampleDelays = item.delays();
                    cx = counterexample(item.path(), item.violation());
                    break;
                }
                FingerprintTable.Entry entry = visited.get(item.fingerprint());
                if (entry.expanded || entry.depth < item.delays()) {
                    continue; // expanded already, or queued again with fewer deviations
                }
                entry.expanded = true;
                depthReached = Math.max(depthReached, item.depth());
                delaysReached = Math.max(delaysReached, item.delays());
                String terminalBad = expand(item, queue);
                if (terminalBad != null) {
                    counterexampleDelays = item.delays();
                    cx = counterexample(item.path(), terminalBad);
                } else if (options.maxStates() > 0 && visited.size() >= options.maxStates()) {
                    cut = "state budget " + options.maxStates() + " spent with " + item.delays() + " of at most "
                            + maxDelays + " deviations searched";
                }
                if (visited.size() - lastReport >= 10_000) {
                    lastReport = visited.size();
                    progress.onProgress(visited.size(), transitions, depthReached, queue.size());
                }
            }
        }
        if (cx == null && cut.isEmpty()) {
            cut = "delay-bounded: every schedule within " + maxDelays + " deviations of the default schedule ("
                    + schedule.describe() + ") was searched; schedules with more deviations were not";
        }
        List<ExploreResult.Goal> goals = new ArrayList<>();
        List<String> names = model.sometimesGoals();
        for (int i = 0; i < names.size(); i++) {
            goals.add(new ExploreResult.Goal(names.get(i), (sometimes >>> i & 1) != 0));
        }
        return new ExploreResult(transitions, visited.size(), depthReached, terminalStates, false, cx != null ? "" : cut,
                boundedStates, 0, 0, goals, unknownTerminal, cx, null, 0);
    }

    /** Expands {@code item}, queueing its successors; a terminal violation of the state, or null. */
    private String expand(Item item, PriorityQueue<Item> queue) {
        World world = item.world() != null ? item.world() : replay(item.path());
        List<Action> enabled = world.enabled();
        if (enabled.isEmpty()) {
            if (world.instance().beyondBounds()) {
                return null;
            }
            terminalStates++;
            sometimes |= world.instance().sometimesReached();
            String bad = world.instance().terminalViolation();
            if (bad == null && world.instance().terminalUnknown() != null) {
                unknownTerminal++;
            }
            return bad;
        }
        Action preferred = schedule.choose(world, enabled, item.isolated(), item.staleBelow());
        if (partitions && item.delays() < maxDelays) {
            queuePartitionChanges(item, world, queue);
        }
        for (int i = 0; i < enabled.size(); i++) {
            Action action = enabled.get(i);
            boolean deviation = !action.equals(preferred);
            int delays = item.delays() + (deviation ? 1 : 0);
            if (delays > maxDelays) {
                continue;
            }
            World next = i == enabled.size() - 1 ? world : copier != null ? copier.copy(world) : replay(item.path());
            next.apply(action);
            transitions++;
            sometimes |= next.instance().sometimesReached();
            long[] stale = action instanceof Action.Crash c ? staleAfterCrash(item.staleBelow(), enabled, c.node(),
                    world.simulation().nodeCount()) : item.staleBelow();
            PathNode path = new PathNode(item.path(), action, item.depth() + 1, item.isolated(), stale, deviation);
            if (next.violation() != null) {
                queue.add(new Item(path, 0, delays, arrivals++, next.violation(), null));
                continue;
            }
            long fp = ContentHash.mix(fingerprint(next), item.isolated(), java.util.Arrays.hashCode(stale));
            FingerprintTable.Entry entry = admit(fp, delays);
            if (entry == null) {
                continue;
            }
            if (next.instance().beyondBounds()) {
                boundedStates++;
                entry.expanded = true;
                continue;
            }
            queue.add(new Item(path, fp, delays, arrivals++, null, keep(next)));
        }
        return null;
    }

    /** After a crash of {@code node}: every event pending now (all are enabled: the node was up) predates its restart. */
    private static long[] staleAfterCrash(long[] staleBelow, List<Action> enabled, int node, int nodes) {
        long next = 0;
        for (Action a : enabled) {
            long seq = a instanceof Action.Deliver d ? d.seq() : a instanceof Action.FireTimer t ? t.seq()
                    : a instanceof Action.CompleteFsync f ? f.seq() : -1;
            next = Math.max(next, seq + 1);
        }
        long[] out = staleBelow == null ? new long[nodes] : staleBelow.clone();
        out[node] = next;
        return out;
    }

    /** The same state with another replica cut off, or none: one deviation each. */
    private void queuePartitionChanges(Item item, World world, PriorityQueue<Item> queue) {
        long worldFp = fingerprint(world);
        int delays = item.delays() + 1;
        for (int node = -1; node < world.simulation().nodeCount(); node++) {
            long isolated = node < 0 ? 0 : 1L << node;
            if (isolated == item.isolated() || node >= 0 && !world.instance().crashable(node)) {
                continue;
            }
            long fp = ContentHash.mix(worldFp, isolated, java.util.Arrays.hashCode(item.staleBelow()));
            if (admit(fp, delays) == null) {
                continue;
            }
            queue.add(new Item(new PathNode(item.path(), null, item.depth(), isolated, item.staleBelow(), true), fp, delays,
                    arrivals++, null,
                    copier != null ? keep(copier.copy(world)) : null));
        }
    }

    /**
     * The state's entry when this arrival reaches it with fewer deviations than any before (a new
     * state, or one queued again with its count lowered); null when it is known at no more, or expanded.
     */
    private FingerprintTable.Entry admit(long fp, int delays) {
        FingerprintTable.Entry entry = visited.get(fp);
        if (entry == null) {
            entry = new FingerprintTable.Entry(FingerprintTable.EMPTY, delays);
            visited.put(fp, entry);
            statesPerDelays[delays]++;
        } else if (entry.expanded || entry.depth <= delays) {
            return null;
        } else {
            entry.depth = delays;
        }
        return entry;
    }

    private World keep(World world) {
        if (keptWorlds >= keptWorldsMax) {
            return null;
        }
        keptWorlds++;
        return world;
    }

    private long fingerprint(World world) {
        return hasher == null ? world.fingerprint() : hasher.hash(world);
    }

    private World newWorld() {
        return Explorer.newWorld(model, options, hasher);
    }

    private World replay(PathNode path) {
        return Explorer.replayExplored(model, options, hasher, actionsOf(path));
    }

    private static List<Action> actionsOf(PathNode path) {
        List<Action> actions = new ArrayList<>();
        for (PathNode p = path; p != null; p = p.parent()) {
            if (p.action() != null) {
                actions.add(p.action());
            }
        }
        Collections.reverse(actions);
        return actions;
    }

    private ExploreResult.Counterexample counterexample(PathNode path, String violation) {
        List<Action> actions = actionsOf(path);
        Explorer.Replayed r = Explorer.replay(model, options, actions);
        String message = r.world().violation() != null ? r.world().violation() : violation;
        List<String> steps = markDeviations(path, r.steps());
        return new ExploreResult.Counterexample(Shrinker.propertyOf(violation), message, actions, steps,
                counterexampleDelays);
    }

    /**
     * The steps, each that deviates from the default schedule marked with its number, so a reader
     * sees where the schedule was bent; a change of which replica is cut off is marked on the step
     * after it (it is no action of its own).
     */
    private static List<String> markDeviations(PathNode path, List<String> steps) {
        List<PathNode> nodes = new ArrayList<>();
        for (PathNode p = path; p != null; p = p.parent()) {
            nodes.add(p);
        }
        Collections.reverse(nodes);
        List<String> marked = new ArrayList<>(steps.size());
        int deviations = 0;
        String cut = null;
        for (PathNode p : nodes) {
            if (p.action() == null) {
                deviations++;
                cut = "deviation " + deviations + ": " + (p.isolated() == 0 ? "partition healed"
                        : "node " + Long.numberOfTrailingZeros(p.isolated()) + " cut off") + " before this step";
                continue;
            }
            if (marked.size() == steps.size()) {
                break; // the replay stopped early (it should not)
            }
            String step = steps.get(marked.size());
            List<String> notes = new ArrayList<>();
            if (cut != null) {
                notes.add(cut);
                cut = null;
            }
            if (p.deviation()) {
                deviations++;
                notes.add("deviation " + deviations);
            }
            marked.add(notes.isEmpty() ? step : step + "   [" + String.join("; ", notes) + "]");
        }
        return marked;
    }
}
