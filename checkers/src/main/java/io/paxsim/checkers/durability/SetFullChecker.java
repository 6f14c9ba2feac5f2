package io.paxsim.checkers.durability;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jepsen's set-full semantics: {@code :add e} ops and {@code :read} ops returning the whole set.
 * An element is known to exist from the moment its add was acknowledged or a read first showed
 * it. Judged by the last read that began after that moment, it is {@code stable} (present),
 * {@code lost} (absent), or {@code never-read} (no such read). Elements read but never
 * (successfully) added are {@code unexpected}. Lost or unexpected elements make the history
 * illegal; if acknowledged adds exist but none could be judged, the verdict is unknown.
 */
public final class SetFullChecker implements Checker {
    @Override
    public String name() {
        return "set-full";
    }

    @Override
    public String description() {
        return "every acknowledged add is in the final reads (Jepsen set-full: stable / lost / never-read)";
    }

    /** A completed read and the elements it saw. */
    private record Read(Call call, Set<Value> elements) {
    }

    @Override
    public Verdict check(History history, Budget budget) {
        Map<Value, Call> adds = new LinkedHashMap<>();
        List<Read> reads = new ArrayList<>();
        for (Call call : history.calls()) {
            if (call.f().equals("add")) {
                adds.put(call.invoke().value(), call);
            } else if (call.f().equals("read") && call.outcome() == OpType.OK) {
                reads.add(new Read(call, elements(call)));
            } else if (!call.f().equals("read")) {
                throw io.paxsim.checkers.ModelMismatch.of(name(), call, "it knows :add and :read");
            }
        }
        List<Finding> findings = new ArrayList<>();
        int stable = 0;
        int neverRead = 0;
        int acknowledged = 0;
        for (Map.Entry<Value, Call> e : adds.entrySet()) {
            Call add = e.getValue();
            acknowledged += add.outcome() == OpType.OK ? 1 : 0;
            String outcome = judge(e.getKey(), add, reads, findings);
            stable += outcome.equals("stable") ? 1 : 0;
            neverRead += outcome.equals("never-read") && add.outcome() == OpType.OK ? 1 : 0;
        }
        unexpected(adds, reads, findings);
        String counts = stable + " stable, " + neverRead + " acknowledged never-read, of " + adds.size() + " adds";
        if (!findings.isEmpty()) {
            return new Verdict.Illegal(name(), findings.size() + " lost or unexpected elements (" + counts + ")",
                    findings.subList(0, Math.min(50, findings.size())));
        }
        if (acknowledged > 0 && neverRead == acknowledged) {
            return new Verdict.Unknown(name(), "no read began after any acknowledged add completed (" + counts + ")");
        }
        return new Verdict.Ok(name(), counts);
    }

    private static Set<Value> elements(Call read) {
        Value v = read.completion().value();
        if (v instanceof Value.SetOf s) {
            return new java.util.LinkedHashSet<>(s.items());
        }
        if (v instanceof Value.Vec vec) {
            return new java.util.LinkedHashSet<>(vec.items());
        }
        if (v.isNil()) {
            return Set.of();
        }
        throw io.paxsim.checkers.ModelMismatch.at("set-full", read.completion(), read.completionPosition(), "a read returns a set or vector");
    }

    private static String judge(Value element, Call add, List<Read> reads, List<Finding> findings) {
        int known = add.outcome() == OpType.OK ? add.completionPosition() : Integer.MAX_VALUE;
        for (Read r : reads) {
            if (r.call().completionPosition() < known && r.elements().contains(element)) {
                known = r.call().completionPosition();
            }
        }
        if (add.outcome() == OpType.FAIL || known == Integer.MAX_VALUE) {
            return "never-read";
        }
        Read last = null;
        for (Read r : reads) {
            if (r.call().invokePosition() > known && (last == null || r.call().invokePosition() > last.call().invokePosition())) {
                last = r;
            }
        }
        if (last == null) {
            return "never-read";
        }
        if (last.elements().contains(element)) {
            return "stable";
        }
        findings.add(new Finding("lost", "", "element " + element + " (added by " + add + ") is missing from "
                + last.call() + ", which began after the element was known to exist", List.of(add.index(), last.call().index())));
        return "lost";
    }

    private static void unexpected(Map<Value, Call> adds, List<Read> reads, List<Finding> findings) {
        Set<Value> reported = new HashSet<>();
        for (Read r : reads) {
            for (Value e : r.elements()) {
                Call add = adds.get(e);
                if ((add == null || add.outcome() == OpType.FAIL) && reported.add(e)) {
                    findings.add(new Finding("unexpected", "", "element " + e + " read by " + r.call() + " was never "
                            + (add == null ? "added" : "successfully added (its add failed)"), List.of(r.call().index())));
                }
            }
        }
    }
}
