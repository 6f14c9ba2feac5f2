package io.paxsim.testbed.output;

import io.paxsim.sim.trace.TraceRecord;

import java.util.Set;

/**
 * Which trace records to keep when dumping: by node (either end of a message) and by simulated
 * time window. An empty node set keeps every node.
 */
public record TraceFilter(Set<Integer> nodes, long fromNanos, long toNanos) {
    public TraceFilter {
        nodes = Set.copyOf(nodes);
        if (fromNanos < 0 || toNanos < fromNanos) {
            throw new IllegalArgumentException("bad trace window [" + fromNanos + ", " + toNanos + "]");
        }
    }

    public static TraceFilter all() {
        return new TraceFilter(Set.of(), 0, Long.MAX_VALUE);
    }

    public boolean keeps(TraceRecord r) {
        if (r.timeNanos() < fromNanos || r.timeNanos() > toNanos) {
            return false;
        }
        return nodes.isEmpty() || nodes.contains(r.node()) || nodes.contains(r.peer());
    }
}
