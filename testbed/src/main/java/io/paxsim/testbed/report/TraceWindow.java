package io.paxsim.testbed.report;

import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;
import io.paxsim.sim.trace.TraceSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace records of one simulated-time window, at most {@code cap} of them: when the window
 * holds more, the latest are kept (the end of the window is where a violation shows), and the
 * number left out is counted so the page can say so.
 */
public final class TraceWindow implements TraceSink {
    /** A detail longer than this is cut: a batch of commands can render to kilobytes. */
    static final int DETAIL_CHARS = 96;

    private final long fromNanos;
    private final long toNanos;
    private final int cap;
    private final ArrayDeque<TraceRecord> kept;
    private long seen;

    public TraceWindow(long fromNanos, long toNanos, int cap) {
        if (fromNanos < 0 || toNanos < fromNanos || cap <= 0) {
            throw new IllegalArgumentException("bad trace window [" + fromNanos + ", " + toNanos + "] cap " + cap);
        }
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.cap = cap;
        this.kept = new ArrayDeque<>(Math.min(cap, 1 << 16));
    }

    @Override
    public boolean wants(long timeNanos) {
        return timeNanos >= fromNanos && timeNanos <= toNanos;
    }

    @Override
    public void accept(TraceRecord r) {
        if (r.timeNanos() < fromNanos || r.timeNanos() > toNanos) {
            return;
        }
        seen++;
        if (kept.size() == cap) {
            kept.pollFirst();
        }
        String detail = r.detail().length() > DETAIL_CHARS ? r.detail().substring(0, DETAIL_CHARS - 1) + "…" : r.detail();
        kept.addLast(new TraceRecord(r.index(), r.timeNanos(), r.kind(), r.node(), r.peer(), detail));
    }

    public long fromNanos() {
        return fromNanos;
    }

    public long toNanos() {
        return toNanos;
    }

    public int cap() {
        return cap;
    }

    /** Records in the window, kept or not. */
    public long seen() {
        return seen;
    }

    public List<TraceRecord> records() {
        return List.copyOf(kept);
    }

    /**
     * For each kept record, the position (in {@link #records()}) of the SEND it is the arrival,
     * drop or hold of, or -1. Messages carry no id in the trace, so sends are matched first in,
     * first out per (sender, receiver, rendering); a DUPLICATE queues its send once more.
     */
    public static int[] matchSends(List<TraceRecord> records) {
        int[] match = new int[records.size()];
        java.util.Arrays.fill(match, -1);
        Map<String, ArrayDeque<Integer>> inFlight = new HashMap<>();
        Map<String, Integer> lastSend = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            TraceRecord r = records.get(i);
            TraceKind k = r.kind();
            if (k == TraceKind.SEND) {
                String key = r.node() + ">" + r.peer() + ":" + r.detail();
                inFlight.computeIfAbsent(key, x -> new ArrayDeque<>()).addLast(i);
                lastSend.put(key, i);
            } else if (k == TraceKind.DUPLICATE) {
                String key = r.peer() + ">" + r.node() + ":" + r.detail();
                Integer send = lastSend.get(key);
                if (send != null) {
                    inFlight.computeIfAbsent(key, x -> new ArrayDeque<>()).addLast(send);
                }
            } else if (k == TraceKind.DELIVER || k == TraceKind.DROP) {
                ArrayDeque<Integer> q = inFlight.get(r.peer() + ">" + r.node() + ":" + r.detail());
                if (q != null && !q.isEmpty()) {
                    match[i] = q.pollFirst();
                }
            } else if (k == TraceKind.HOLD) {
                ArrayDeque<Integer> q = inFlight.get(r.peer() + ">" + r.node() + ":" + r.detail());
                if (q != null && !q.isEmpty()) {
                    match[i] = q.peekFirst(); // still in flight: delivered (or dropped) when released
                }
            }
        }
        return match;
    }

    /** Record counts by kind, for the page's note on what the window holds. */
    static Map<String, Integer> countsByKind(List<TraceRecord> records) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TraceRecord r : records) {
            counts.merge(r.kind().name(), 1, Integer::sum);
        }
        return counts;
    }

    static List<String> kindNames() {
        List<String> names = new ArrayList<>();
        for (TraceKind k : TraceKind.values()) {
            names.add(k.name());
        }
        return names;
    }
}
