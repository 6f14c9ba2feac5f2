package io.paxsim.sim.explore;

import io.paxsim.sim.random.RandomStream;

import java.util.Arrays;
import java.util.List;

/**
 * How one swarm random walk picks its actions: swarm testing (Groce et al.) over the kinds of
 * action, and over <em>when</em> each budgeted kind may act.
 *
 * <p>Why not uniform: a uniform walk spends every budget at the rate its actions are enabled,
 * which is at once. With three replicas, their ticks are enabled from the first step, so the
 * tick budget (and with it every election) is gone within the first few dozen steps; the crash
 * budget goes in the first five; a client's zero-delay "send" timers are half the enabled actions
 * at step one, so its request reaches a replica before any leader exists and is lost. A bug
 * that needs a leader, a client write in flight, a crash in the few steps before the leader's own
 * vote is durable and a re-election after it (ballot-reuse on three replicas: 0 in 40,000 walks)
 * is then out of reach.
 *
 * <p>So each walk draws:
 * <ul>
 * <li>a weight per kind (deliver, drop, duplicate, tick, instant timer, fsync, crash, restart),
 *     2^-4 to 2^2: some walks let fsyncs lag, some drop eagerly, some deliver before anything else;</li>
 * <li>for each budgeted kind (ticks, crashes, drops, duplicates), the steps at which its budget
 *     units are released, uniform over the expected walk length: a unit can be spent from its
 *     release on (and is, soon: a released kind weighs {@value #RELEASED_BOOST} times more), so
 *     faults and timeouts fall anywhere along the walk, not only at its start;</li>
 * <li>a step before which instant timers (a client's next request) stay held back, uniform over
 *     the same length: some walks send before the cluster settles, others after;</li>
 * </ul>
 * A kind not yet released or held has weight 0; when every enabled kind is held, the walk jumps
 * to the kind released first (time passes in a quiet cluster). Within a kind, actions are chosen
 * uniformly, except that a crash with unsynced writes weighs {@value #UNSYNCED_CRASH_WEIGHT} times
 * a crash with nothing unsynced: a crash mid-write tests recovery, a clean one is a restart.
 *
 * <p>Three more draws and rules aim faults at the moments where they hurt (ballot-reuse on three
 * replicas went from 0 in 40,000 walks to 1 in 280 over ten seeds; docs/performance.md, "walk2"):
 * <ul>
 * <li><b>Message age</b>: per walk, deliveries are uniform, newest first (each older message
 *     weighs 1/2, 1/4 or 1/16 of the next newer one) or oldest first (2x). Newest first is the
 *     reordering delay-bounded search starts from (its lifo default schedule): messages sent
 *     before a crash stay in flight while a new exchange runs to its end.</li>
 * <li><b>Crash mid-broadcast</b>: in half the walks a released crash waits for a step after
 *     which one node has two or more new messages in flight (it just broadcast), and then
 *     crashes that node {@value #BROADCASTER_CRASH_WEIGHT} times likelier than another: the
 *     crash lands between a node's sends and whatever it does next (its own vote, its fsync).</li>
 * <li><b>Restart, then timeout</b>: a restart releases the next tick unit at once, and from
 *     then on the restarted node's ticks weigh {@value #RESTARTED_TICK_WEIGHT} times another's: a node
 *     back from a crash has been silent past its timeouts, and it, not a peer, starts the next
 *     election while its earlier incarnation's messages are still in flight.</li>
 * </ul>
 * Each is a weight or a hold over the enabled actions, like the draws above: every step is still
 * an enabled action, so a walk's path replays (and is shrunk) as any other. Nothing here names a
 * protocol, a message type or a mutant.
 */
final class SwarmWalk {
    static final int DELIVER = 0;
    static final int DROP = 1;
    static final int DUPLICATE = 2;
    static final int TICK = 3;
    static final int INSTANT_TIMER = 4;
    static final int FSYNC = 5;
    static final int CRASH = 6;
    static final int RESTART = 7;
    static final int KINDS = 8;

    private static final double RELEASED_BOOST = 16;
    private static final double UNSYNCED_CRASH_WEIGHT = 4;
    private static final double BROADCASTER_CRASH_WEIGHT = 16;
    /** A released crash waiting for a broadcast weighs this much more than a released kind once one comes. */
    private static final double ARMED_CRASH_BOOST = 4;
    private static final double RESTARTED_TICK_WEIGHT = 16;
    /** Per walk, one of these: how much a delivery weighs relative to the next newer message (1: uniform). */
    private static final double[] MESSAGE_AGE_RATIOS = {1, 0.5, 0.25, 1.0 / 16, 2};
    private static final int[] NO_RELEASES = new int[0];

    private final double[] weights = new double[KINDS];
    /** Per kind: ascending steps at which its budget units are released (empty: not budgeted). */
    private final int[][] releases = new int[KINDS][];
    private final int[] spent = new int[KINDS];
    private int heldUntil;
    private int step;
    /** A delivery's weight relative to the next newer deliverable message's. */
    private final double messageAgeRatio;
    /** Released crashes wait for a node that just broadcast, and take it. */
    private final boolean crashMidBroadcast;
    /** Newest message seen deliverable at the previous step: newer ones were sent by that step. */
    private long newestSeenSeq = Long.MIN_VALUE;
    /** Bit per node that sent two or more of the messages new at this step. */
    private long broadcasters;
    /** The node restarted last (its ticks weigh more), or -1. */
    private int restarted = -1;

    /**
     * A walk's draws; {@code horizonSteps} is how long a walk is expected to be (releases and the
     * hold fall uniformly before it).
     */
    SwarmWalk(RandomStream random, ExploreOptions options, int horizonSteps) {
        int horizon = Math.max(1, horizonSteps);
        for (int k = 0; k < KINDS; k++) {
            weights[k] = StrictMath.scalb(1.0, random.nextInt(7) - 4);
        }
        int[] budgets = new int[KINDS];
        budgets[DROP] = options.maxDrops();
        budgets[DUPLICATE] = options.maxDuplicates();
        budgets[TICK] = options.maxTimeouts();
        budgets[CRASH] = options.maxCrashes();
        for (int k = 0; k < KINDS; k++) {
            releases[k] = budgets[k] > 0 ? releaseSteps(random, budgets[k], horizon) : NO_RELEASES;
        }
        heldUntil = random.nextInt(horizon);
        messageAgeRatio = MESSAGE_AGE_RATIOS[random.nextInt(MESSAGE_AGE_RATIOS.length)];
        crashMidBroadcast = random.nextInt(2) == 0;
    }

    private static int[] releaseSteps(RandomStream random, int budget, int horizon) {
        int[] steps = new int[budget];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = random.nextInt(horizon);
        }
        Arrays.sort(steps);
        return steps;
    }

    /** The next action, from those enabled in {@code world}. */
    Action pick(World world, List<Action> enabled, RandomStream random) {
        int[] kinds = new int[enabled.size()];
        int[] counts = new int[KINDS];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kindOf(world, enabled.get(i));
            counts[kinds[i]]++;
        }
        broadcasters = newBroadcasters(world, enabled);
        int kind = chooseKind(counts, random);
        Action chosen = chooseAction(world, enabled, kinds, kind, random);
        spent[kind]++;
        step++;
        if (chosen instanceof Action.Recover r) {
            restarted = r.node();
            releaseNextTickNow();
        }
        return chosen;
    }

    /**
     * Nodes with two or more messages that became deliverable since the previous step (sequence
     * numbers grow with each send; a duplicate's copy, numbered below zero, is never new).
     */
    private long newBroadcasters(World world, List<Action> enabled) {
        long once = 0;
        long twice = 0;
        long newest = newestSeenSeq;
        for (Action a : enabled) {
            if (a instanceof Action.Deliver d) {
                if (d.seq() > newestSeenSeq && newestSeenSeq != Long.MIN_VALUE) {
                    long from = 1L << world.messageOf(a).from();
                    twice |= once & from;
                    once |= from;
                }
                newest = Math.max(newest, d.seq());
            }
        }
        newestSeenSeq = newest;
        return twice;
    }

    /** A restart: the next tick unit not yet released is released at this step. */
    private void releaseNextTickNow() {
        int[] r = releases[TICK];
        int n = released(r);
        if (spent[TICK] >= n && n < r.length) {
            r[n] = step;
            Arrays.sort(r);
        }
    }

    private int chooseKind(int[] counts, RandomStream random) {
        double total = 0;
        double[] w = new double[KINDS];
        for (int k = 0; k < KINDS; k++) {
            w[k] = counts[k] > 0 ? currentWeight(k) : 0;
            total += w[k];
        }
        if (total == 0) {
            return firstReleased(counts);
        }
        double roll = random.nextDouble() * total;
        int kind = -1;
        for (int k = 0; k < KINDS; k++) {
            if (w[k] > 0) {
                kind = k;
                roll -= w[k];
                if (roll < 0) {
                    break;
                }
            }
        }
        return kind;
    }

    private double currentWeight(int kind) {
        if (kind == INSTANT_TIMER && step < heldUntil) {
            return 0;
        }
        int[] r = releases[kind];
        if (kind == CRASH && crashMidBroadcast) {
            return spent[kind] < released(r) && broadcasters != 0 ? weights[kind] * RELEASED_BOOST * ARMED_CRASH_BOOST : 0;
        }
        if (r.length == 0) {
            return weights[kind];
        }
        return spent[kind] < released(r) ? weights[kind] * RELEASED_BOOST : 0;
    }

    private int released(int[] r) {
        int n = 0;
        while (n < r.length && r[n] <= step) {
            n++;
        }
        return n;
    }

    /** Every enabled kind is held: the one whose hold ends first (ties: the lowest kind). */
    private int firstReleased(int[] counts) {
        int best = -1;
        long bestAt = Long.MAX_VALUE;
        for (int k = 0; k < KINDS; k++) {
            if (counts[k] == 0) {
                continue;
            }
            long at = k == INSTANT_TIMER ? heldUntil : spent[k] < releases[k].length ? releases[k][spent[k]] : Long.MAX_VALUE - 1;
            if (at < bestAt) {
                bestAt = at;
                best = k;
            }
        }
        return best;
    }

    private Action chooseAction(World world, List<Action> enabled, int[] kinds, int kind, RandomStream random) {
        double[] w = new double[kinds.length];
        double total = 0;
        double age = 1;
        for (int i = kinds.length - 1; i >= 0; i--) { // newest first: enabled lists pending events oldest first
            if (kinds[i] == kind) {
                w[i] = actionWeight(world, enabled.get(i), kind) * age;
                total += w[i];
                if (kind == DELIVER) {
                    age = Math.min(age * messageAgeRatio, 1e200); // oldest first: no overflow however many in flight
                }
            }
        }
        double roll = random.nextDouble() * total;
        Action last = null;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == kind) {
                last = enabled.get(i);
                roll -= w[i];
                if (roll < 0) {
                    return last;
                }
            }
        }
        return last;
    }

    private double actionWeight(World world, Action a, int kind) {
        if (a instanceof Action.Crash c) {
            double w = c.fates().isEmpty() ? 1 : UNSYNCED_CRASH_WEIGHT;
            return (broadcasters >>> c.node() & 1) != 0 && crashMidBroadcast ? w * BROADCASTER_CRASH_WEIGHT : w;
        }
        if (kind == TICK && restarted >= 0 && world.nodeOf(a) == restarted) {
            return RESTARTED_TICK_WEIGHT;
        }
        return 1;
    }

    static int kindOf(World world, Action a) {
        if (a instanceof Action.Deliver) {
            return DELIVER;
        } else if (a instanceof Action.Drop) {
            return DROP;
        } else if (a instanceof Action.Duplicate) {
            return DUPLICATE;
        } else if (a instanceof Action.FireTimer) {
            return (world.footprint(a) & World.CLOCK_WRITE) != 0 ? TICK : INSTANT_TIMER;
        } else if (a instanceof Action.CompleteFsync) {
            return FSYNC;
        } else if (a instanceof Action.Crash) {
            return CRASH;
        }
        return RESTART;
    }
}
