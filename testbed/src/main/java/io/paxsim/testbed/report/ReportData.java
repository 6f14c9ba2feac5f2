package io.paxsim.testbed.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.sim.trace.TraceRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data a report page draws, as one compact JSON document: the history as columns (a few
 * dozen bytes per op, never an object per op), fault periods, node events, verdicts with their
 * explanations, and the capped trace window. Times are simulated microseconds, or history
 * positions when the history carries no times.
 */
final class ReportData {
    /** An op's value is shown up to this many characters: list-append reads grow without bound. */
    static final int VALUE_CHARS = 60;
    /** Nemesis point events (clog, unclog, heal ...) kept for the timeline. */
    static final int NEMESIS_EVENTS_MAX = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FAULT_START = Pattern.compile("fault-start #(\\d+) @\\S+ for \\S+ (.*)");
    private static final Pattern FAULT_END = Pattern.compile("fault-end #(\\d+).*");
    private static final Pattern FAULT_TARGETS = Pattern.compile("start #(\\d+) .* = (\\[.*])");

    private final StringBuilder out = new StringBuilder(1 << 16);
    private boolean positionsAsTime;

    /** What the page's header and panels need besides the history. */
    record Inputs(Map<String, Object> meta, History history, JsonNode checkers, JsonNode nodeEvents,
                  JsonNode metrics, int replicas, TraceWindow trace, String traceNote) {
    }

    static String build(Inputs in) {
        return new ReportData().render(in);
    }

    private String render(Inputs in) {
        positionsAsTime = in.history().ops().stream().anyMatch(op -> op.timeNanos() < 0);
        out.append("{\"v\":1,\"timeUnit\":").append(positionsAsTime ? "\"position\"" : "\"us\"");
        out.append(",\"meta\":");
        raw(JSON.valueToTree(in.meta()));
        out.append(",\"checkers\":");
        raw(in.checkers());
        out.append(",\"metrics\":");
        raw(in.metrics() == null ? null : summaryMetrics(in.metrics()));
        out.append(",\"replicas\":").append(in.replicas());
        ops(in.history());
        faults(in.history());
        nodeEvents(in.nodeEvents());
        trace(in.trace(), in.traceNote());
        return out.append('}').toString();
    }

    private static JsonNode summaryMetrics(JsonNode metrics) {
        var copy = metrics.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("nodeEvents");
        }
        return copy;
    }

    private long time(Op op, int position) {
        return positionsAsTime ? position : op.timeNanos() / 1_000;
    }

    /** Columns, one entry per client call in invocation order; t0 is delta-coded. */
    private void ops(History h) {
        List<Call> calls = h.calls();
        Map<Long, Integer> laneOf = new TreeMap<>();
        calls.forEach(c -> laneOf.putIfAbsent(c.process(), 0));
        int lane = 0;
        for (Map.Entry<Long, Integer> e : laneOf.entrySet()) {
            e.setValue(lane++);
        }
        Dict fs = new Dict();
        Dict nodes = new Dict();
        Dict errors = new Dict();
        StringBuilder p = new StringBuilder();
        StringBuilder t0 = new StringBuilder();
        StringBuilder d = new StringBuilder();
        StringBuilder ty = new StringBuilder();
        StringBuilder f = new StringBuilder();
        StringBuilder v = new StringBuilder();
        StringBuilder ix = new StringBuilder();
        StringBuilder nd = new StringBuilder();
        StringBuilder er = new StringBuilder();
        long lastT = 0;
        long lastIx = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            String sep = i == 0 ? "" : ",";
            long start = time(c.invoke(), c.invokePosition());
            long dur = c.completion() == null ? -1 : time(c.completion(), c.completionPosition()) - start;
            p.append(sep).append(laneOf.get(c.process()));
            t0.append(sep).append(start - lastT);
            lastT = start;
            d.append(sep).append(dur);
            ty.append(typeChar(c));
            f.append(sep).append(fs.id(c.f()));
            v.append(sep);
            str(v, clip(c.value().toString()));
            ix.append(sep).append(c.index() - lastIx);
            lastIx = c.index();
            Op done = c.completion();
            nd.append(sep).append(done == null || done.node() == null ? -1 : nodes.id(done.node().toString()));
            er.append(sep).append(done == null || done.error() == null ? -1 : errors.id(clip(done.error().toString())));
        }
        out.append(",\"lanes\":[");
        int n = 0;
        for (Long process : laneOf.keySet()) {
            out.append(n++ == 0 ? "" : ",").append(process);
        }
        out.append("],\"ops\":{\"n\":").append(calls.size());
        out.append(",\"p\":[").append(p).append("],\"t0\":[").append(t0).append("],\"d\":[").append(d)
                .append("],\"ty\":\"").append(ty).append("\",\"f\":[").append(f).append("],\"v\":[").append(v)
                .append("],\"ix\":[").append(ix).append("],\"node\":[").append(nd).append("],\"err\":[").append(er)
                .append("],\"fs\":");
        fs.write(out);
        out.append(",\"nodes\":");
        nodes.write(out);
        out.append(",\"errs\":");
        errors.write(out);
        long end = h.ops().isEmpty() ? 0 : time(h.ops().get(h.size() - 1), h.size() - 1);
        out.append(",\"end\":").append(end).append('}');
    }

    private static char typeChar(Call c) {
        OpType t = c.completion() == null ? OpType.INFO : c.completion().type();
        return switch (t) {
            case OK -> 'o';
            case FAIL -> 'f';
            default -> 'i';
        };
    }

    /** Fault periods (start/end pairs) and the nemesis's other events, from the history's nemesis ops. */
    private void faults(History h) {
        Map<String, long[]> open = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> targets = new HashMap<>();
        List<Object[]> periods = new ArrayList<>();
        List<Object[]> points = new ArrayList<>();
        long nemesisOps = 0;
        List<Op> ops = h.ops();
        for (int pos = 0; pos < ops.size(); pos++) {
            Op op = ops.get(pos);
            if (op.isClient()) {
                continue;
            }
            nemesisOps++;
            long t = time(op, pos);
            String text = op.value().toString();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1);
            }
            Matcher m;
            if ((m = FAULT_START.matcher(text)).matches()) {
                open.put("#" + m.group(1), new long[]{t});
                names.put("#" + m.group(1), m.group(2));
            } else if ((m = FAULT_END.matcher(text)).matches()) {
                close(open, "#" + m.group(1), t, names, targets, periods);
            } else if ((m = FAULT_TARGETS.matcher(text)).matches()) {
                targets.putIfAbsent("#" + m.group(1), m.group(2));
            } else if (op.f().startsWith("start")) {
                String key = op.f().substring("start".length());
                open.putIfAbsent(key, new long[]{t});
                names.putIfAbsent(key, op.f() + (op.value().isNil() ? "" : " " + clip(text)));
            } else if (op.f().startsWith("stop")) {
                close(open, op.f().substring("stop".length()), t, names, targets, periods);
            } else if (points.size() < NEMESIS_EVENTS_MAX && (points.isEmpty()
                    || !text.equals(points.get(points.size() - 1)[1]) || t != (long) points.get(points.size() - 1)[0])) {
                points.add(new Object[]{t, clip(op.f().equals("fault") ? text : op.f() + " " + text)});
            }
        }
        long end = ops.isEmpty() ? 0 : time(ops.get(ops.size() - 1), ops.size() - 1);
        for (String key : List.copyOf(open.keySet())) {
            close(open, key, end, names, targets, periods);
        }
        periods.sort((a, b) -> Long.compare((long) a[0], (long) b[0]));
        out.append(",\"faults\":[");
        for (int i = 0; i < periods.size(); i++) {
            Object[] pr = periods.get(i);
            out.append(i == 0 ? "[" : ",[").append(pr[0]).append(',').append(pr[1]).append(',');
            str(out, (String) pr[2]);
            out.append(',');
            str(out, (String) pr[3]);
            out.append(']');
        }
        out.append("],\"nemesis\":[");
        for (int i = 0; i < points.size(); i++) {
            out.append(i == 0 ? "[" : ",[").append(points.get(i)[0]).append(',');
            str(out, (String) points.get(i)[1]);
            out.append(']');
        }
        out.append("],\"nemesisOps\":").append(nemesisOps);
    }

    private static void close(Map<String, long[]> open, String key, long t, Map<String, String> names,
                              Map<String, String> targets, List<Object[]> periods) {
        long[] start = open.remove(key);
        if (start != null) {
            periods.add(new Object[]{start[0], t, names.getOrDefault(key, key), targets.getOrDefault(key, "")});
        }
    }

    /** [time, node, kind, detail] from metrics.json's nodeEvents, times converted to the page's unit. */
    private void nodeEvents(JsonNode nodeEvents) {
        out.append(",\"nodeEvents\":[");
        JsonNode events = nodeEvents == null ? null : nodeEvents.get("events");
        if (events != null && !positionsAsTime) {
            int i = 0;
            for (JsonNode e : events) {
                out.append(i++ == 0 ? "[" : ",[").append(e.get(0).asLong() / 1_000).append(',').append(e.get(1).asInt())
                        .append(',');
                str(out, e.get(2).asText());
                out.append(',');
                str(out, clip(e.get(3).asText()));
                out.append(']');
            }
        }
        out.append("],\"nodeEventsDropped\":").append(nodeEvents == null ? 0 : nodeEvents.path("dropped").asLong());
    }

    /** The window's records as columns; times in nanoseconds relative to the window start. */
    private void trace(TraceWindow w, String note) {
        out.append(",\"trace\":");
        if (w == null) {
            out.append("{\"note\":");
            str(out, note == null ? "no trace" : note);
            out.append('}');
            return;
        }
        List<TraceRecord> recs = w.records();
        int[] match = TraceWindow.matchSends(recs);
        long base = recs.isEmpty() ? w.fromNanos() : recs.get(0).timeNanos();
        Dict details = new Dict();
        StringBuilder t = new StringBuilder();
        StringBuilder k = new StringBuilder();
        StringBuilder n = new StringBuilder();
        StringBuilder pe = new StringBuilder();
        StringBuilder de = new StringBuilder();
        StringBuilder ma = new StringBuilder();
        long last = base;
        for (int i = 0; i < recs.size(); i++) {
            TraceRecord r = recs.get(i);
            String sep = i == 0 ? "" : ",";
            t.append(sep).append(r.timeNanos() - last);
            last = r.timeNanos();
            k.append(sep).append(r.kind().ordinal());
            n.append(sep).append(r.node());
            pe.append(sep).append(r.peer());
            de.append(sep).append(details.id(r.detail()));
            ma.append(sep).append(match[i] < 0 ? -1 : i - match[i]);
        }
        out.append("{\"note\":");
        str(out, note == null ? "" : note);
        out.append(",\"fromNs\":").append(w.fromNanos()).append(",\"toNs\":")
                .append(w.toNanos() == Long.MAX_VALUE ? -1 : w.toNanos()).append(",\"baseNs\":").append(base)
                .append(",\"cap\":").append(w.cap()).append(",\"seen\":").append(w.seen())
                .append(",\"kinds\":");
        raw(JSON.valueToTree(TraceWindow.kindNames()));
        out.append(",\"t\":[").append(t).append("],\"k\":[").append(k).append("],\"n\":[").append(n)
                .append("],\"peer\":[").append(pe).append("],\"d\":[").append(de).append("],\"m\":[").append(ma)
                .append("],\"dict\":");
        details.write(out);
        out.append('}');
    }

    private void raw(JsonNode node) {
        if (node == null) {
            out.append("null");
            return;
        }
        try {
            escapeInto(out, JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clip(String text) {
        return text.length() <= VALUE_CHARS ? text : text.substring(0, VALUE_CHARS - 1) + "…";
    }

    /** JSON text is embedded in a script element: a "<" inside it could close the element. */
    private static void escapeInto(StringBuilder sb, String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '<') {
                sb.append("\\u003c");
            } else {
                sb.append(c);
            }
        }
    }

    static void str(StringBuilder sb, String text) {
        StringBuilder tmp = new StringBuilder(text.length() + 2);
        io.paxsim.sim.trace.TraceJson.appendString(tmp, text);
        escapeInto(sb, tmp.toString());
    }

    /** Strings numbered in order of first use. */
    private static final class Dict {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> strings = new ArrayList<>();

        int id(String s) {
            return ids.computeIfAbsent(s, x -> {
                strings.add(x);
                return strings.size() - 1;
            });
        }

        void write(StringBuilder sb) {
            sb.append('[');
            for (int i = 0; i < strings.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                str(sb, strings.get(i));
            }
            sb.append(']');
        }
    }
}
