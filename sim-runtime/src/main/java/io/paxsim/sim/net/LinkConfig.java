package io.paxsim.sim.net;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/**
 * How one directed link behaves.
 *
 * @param latency                 one-way delay model
 * @param lossProbability         chance a message is silently dropped
 * @param duplicateProbability    chance a message is delivered twice (second copy with its own delay)
 * @param fifo                    true: messages on this link arrive in send order; false: each
 *                                message's delay is independent, so they reorder
 * @param bandwidthBytesPerSecond 0 for unlimited; otherwise messages queue behind each other
 * @param lateDuplicateNanos      0: a duplicate takes the link's usual delay; otherwise it arrives up to
 *                                this much later still (an old message redelivered after the world moved on)
 */
public record LinkConfig(
        LatencyModel latency,
        double lossProbability,
        double duplicateProbability,
        boolean fifo,
        long bandwidthBytesPerSecond,
        long lateDuplicateNanos) implements StableHash {

    public LinkConfig {
        if (latency == null) {
            throw new IllegalArgumentException("latency model is required");
        }
        checkProbability("loss", lossProbability);
        checkProbability("duplicate", duplicateProbability);
        if (bandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0: " + bandwidthBytesPerSecond);
        }
        if (lateDuplicateNanos < 0) {
            throw new IllegalArgumentException("late duplicate delay must be >= 0: " + lateDuplicateNanos);
        }
    }

    /** A LAN link: 100 us floor with an exponential tail of mean 50 us, reordering allowed. */
    public static LinkConfig lan() {
        return new LinkConfig(new LatencyModel.Exponential(100_000, 50_000), 0, 0, false, 0, 0);
    }

    public LinkConfig withLatency(LatencyModel model) {
        return new LinkConfig(model, lossProbability, duplicateProbability, fifo, bandwidthBytesPerSecond, lateDuplicateNanos);
    }

    public LinkConfig withLossProbability(double p) {
        return new LinkConfig(latency, p, duplicateProbability, fifo, bandwidthBytesPerSecond, lateDuplicateNanos);
    }

    public LinkConfig withDuplicateProbability(double p) {
        return new LinkConfig(latency, lossProbability, p, fifo, bandwidthBytesPerSecond, lateDuplicateNanos);
    }

    public LinkConfig withFifo(boolean value) {
        return new LinkConfig(latency, lossProbability, duplicateProbability, value, bandwidthBytesPerSecond, lateDuplicateNanos);
    }

    public LinkConfig withBandwidthBytesPerSecond(long value) {
        return new LinkConfig(latency, lossProbability, duplicateProbability, fifo, value, lateDuplicateNanos);
    }

    public LinkConfig withLateDuplicateNanos(long value) {
        return new LinkConfig(latency, lossProbability, duplicateProbability, fifo, bandwidthBytesPerSecond, value);
    }

    /** Bits of every field, never their decimal rendering (Double.toString differs across JDKs). */
    @Override
    public long stableHash() {
        long h = RandomStream.mix64(latency.stableHash() ^ Double.doubleToLongBits(lossProbability));
        h = RandomStream.mix64(h ^ Double.doubleToLongBits(duplicateProbability));
        h = RandomStream.mix64(h ^ (fifo ? 1 : 0) ^ bandwidthBytesPerSecond * 31);
        // Mixed in only when set, so links without late duplicates hash as they always did.
        return lateDuplicateNanos == 0 ? h : RandomStream.mix64(h ^ lateDuplicateNanos * 0x9E3779B97F4A7C15L);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " probability must be in [0, 1]: " + p);
        }
    }
}
