package io.paxsim.sim;

import io.paxsim.sim.random.Randomness;

import java.util.Map;
import java.util.TreeMap;

/**
 * BUGGIFY policy: each named fault point is switched on (with {@code activationProbability}) the
 * first time any node reaches it in a run; an active point then fires with {@code fireProbability}
 * each time it is reached. Each point draws from its own stream, so adding one shifts no others.
 */
public final class FaultPoints implements ExplicitStateHash, Copyable {
    private final Randomness randomness;
    private boolean enabled;
    private double activationProbability;
    private double fireProbability;
    private final TreeMap<String, Boolean> active = new TreeMap<>();
    private final TreeMap<String, Long> fired = new TreeMap<>();
    /** Per "node/point": a delay a targeted fault imposes on that node at that point (slow apply ...). */
    private final TreeMap<String, Long> delays = new TreeMap<>();

    /** Explicit copy for the explorer (see {@link Copyable}). */
    @Override
    public FaultPoints copy(Copies copies) {
        FaultPoints f = copies.remember(this, new FaultPoints(copies.of(randomness)));
        f.enabled = enabled;
        f.activationProbability = activationProbability;
        f.fireProbability = fireProbability;
        f.active.putAll(active);
        f.fired.putAll(fired);
        f.delays.putAll(delays);
        return f;
    }

    FaultPoints(Randomness randomness) {
        this.randomness = randomness;
    }

    /** Every field by content, the randomness by its streams' names ({@link Randomness#streamsHash}). */
    @Override
    public long explicitStateHash() {
        long h = ExplicitStateHash.mix(0x465054L, randomness.streamsHash());
        h = ExplicitStateHash.mix(h, enabled ? 1 : 0);
        h = ExplicitStateHash.mix(h, Double.doubleToLongBits(activationProbability));
        h = ExplicitStateHash.mix(h, Double.doubleToLongBits(fireProbability));
        h = ExplicitStateHash.mix(h, active.size());
        for (Map.Entry<String, Boolean> e : active.entrySet()) {
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, ExplicitStateHash.string(e.getKey())), e.getValue() ? 1 : 0);
        }
        h = ExplicitStateHash.mix(h, fired.size());
        for (Map.Entry<String, Long> e : fired.entrySet()) {
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, ExplicitStateHash.string(e.getKey())), e.getValue());
        }
        h = ExplicitStateHash.mix(h, delays.size());
        for (Map.Entry<String, Long> e : delays.entrySet()) {
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, ExplicitStateHash.string(e.getKey())), e.getValue());
        }
        return h;
    }

    public void enable(double activationProbability, double fireProbability) {
        if (!(activationProbability >= 0 && activationProbability <= 1 && fireProbability >= 0 && fireProbability <= 1)) {
            throw new IllegalArgumentException("fault point probabilities must be in [0, 1]");
        }
        this.enabled = true;
        this.activationProbability = activationProbability;
        this.fireProbability = fireProbability;
    }

    /** Stops every point firing (the heal phase); activations are remembered for the report. */
    public void disable() {
        enabled = false;
    }

    public boolean enabled() {
        return enabled;
    }

    boolean reach(String pointName) {
        if (!enabled) {
            return false;
        }
        boolean on = active.computeIfAbsent(pointName,
                n -> randomness.stream("buggify/" + n + "/activate").bernoulli(activationProbability));
        if (!on || !randomness.stream("buggify/" + pointName).bernoulli(fireProbability)) {
            return false;
        }
        fired.merge(pointName, 1L, Long::sum);
        return true;
    }

    /**
     * Makes {@code node} wait {@code delayNanos} at the named delay point (0 removes the delay). A
     * targeted fault sets it, unlike BUGGIFY's random points: e.g. a replica that applies late.
     */
    public void setDelay(int node, String pointName, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("fault-point delay must be >= 0: " + delayNanos);
        }
        if (delayNanos == 0) {
            delays.remove(node + "/" + pointName);
        } else {
            delays.put(node + "/" + pointName, delayNanos);
        }
    }

    /** Removes every delay (the heal phase). */
    public void clearDelays() {
        delays.clear();
    }

    long delayNanos(int node, String pointName) {
        return delays.isEmpty() ? 0 : delays.getOrDefault(node + "/" + pointName, 0L);
    }

    /** Points that were switched on this run, with how often each fired. */
    public Map<String, Long> firedCounts() {
        TreeMap<String, Long> result = new TreeMap<>();
        active.forEach((name, on) -> {
            if (on) {
                result.put(name, fired.getOrDefault(name, 0L));
            }
        });
        return result;
    }
}
