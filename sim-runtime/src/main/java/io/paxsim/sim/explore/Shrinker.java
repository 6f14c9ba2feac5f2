package io.paxsim.sim.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * Shortens a violating path found by dfs or a random walk: drops chunks of actions (halves, then
 * quarters, ... then single actions) while the rest still replays and still violates the same
 * property. Actions are matched by content ({@link World#actionKey}), not by sequence number,
 * since removing one action renumbers every later event. Bfs paths are already shortest, except
 * for the persistent sets' actions a violation does not need (see {@link Explorer}).
 */
public final class Shrinker {
    private final ExploreModel model;
    private final ExploreOptions options;
    private final int maxReplays;
    private int replays;

    public Shrinker(ExploreModel model, ExploreOptions options, int maxReplays) {
        this.model = model;
        this.options = options;
        this.maxReplays = maxReplays;
    }

    public int replays() {
        return replays;
    }

    /** The shortest violating path found, as concrete actions (sequence numbers valid from the initial state). */
    public List<Action> shrink(List<Action> path, String property) {
        List<Long> keys = keysOf(path);
        int chunk = Math.max(1, keys.size() / 2);
        while (chunk >= 1 && replays < maxReplays) {
            boolean removedAny = false;
            for (int start = keys.size() - chunk; start >= 0 && replays < maxReplays; start -= chunk) {
                List<Long> candidate = new ArrayList<>(keys.subList(0, start));
                candidate.addAll(keys.subList(Math.min(keys.size(), start + chunk), keys.size()));
                List<Action> concrete = violatingPrefix(candidate, property);
                if (concrete != null) {
                    keys = keysOf(concrete);
                    removedAny = true;
                    start = Math.min(start, keys.size());
                }
            }
            if (!removedAny) {
                chunk /= 2;
            }
        }
        List<Action> result = violatingPrefix(keys, property);
        if (result == null) {
            throw new IllegalStateException("the shrunk path no longer violates " + property);
        }
        return result;
    }

    private List<Long> keysOf(List<Action> path) {
        World world = new World(model, options);
        List<Long> keys = new ArrayList<>(path.size());
        for (Action a : path) {
            keys.add(world.actionKey(a));
            world.apply(a);
        }
        return keys;
    }

    /** Replays by content; the actions up to the first violation of {@code property}, or null. */
    private List<Action> violatingPrefix(List<Long> keys, String property) {
        replays++;
        World world = new World(model, options);
        List<Action> concrete = new ArrayList<>();
        for (long key : keys) {
            Action match = null;
            for (Action a : world.enabled()) {
                if (world.actionKey(a) == key) {
                    match = a;
                    break;
                }
            }
            if (match == null) {
                return null;
            }
            world.apply(match);
            concrete.add(match);
            if (world.violation() != null) {
                return propertyOf(world.violation()).equals(property) ? concrete : null;
            }
        }
        if (world.enabled().isEmpty()) {
            String bad = world.instance().terminalViolation();
            if (bad != null && propertyOf(bad).equals(property)) {
                return concrete;
            }
        }
        return null;
    }

    static String propertyOf(String violation) {
        int colon = violation.indexOf(':');
        return colon > 0 ? violation.substring(0, colon) : violation;
    }
}
