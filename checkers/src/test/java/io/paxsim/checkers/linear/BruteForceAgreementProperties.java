package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The WGL search with its reductions (read-only calls taken where they fit, definite calls tried
 * before indeterminate ones, identical timed-out twins tried oldest first, compact memo) must
 * agree with a brute-force search over every real-time-respecting order on small random
 * concurrent cas-register histories with timeouts, failed compares and impossible reads: no
 * false OK, no false ILLEGAL.
 */
class BruteForceAgreementProperties {
    private static final CheckerOptions FROM_ZERO = new CheckerOptions(Value.of(0), NilReads.VALUE);

    @Property(tries = 600)
    void wglAgreesWithBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int calls,
                                 @ForAll @IntRange(min = 1, max = 6) int processes) {
        History h = randomHistory(new SplittableRandom(seed), calls, processes, false, 2);
        Verdict v = Models.checker("cas-register", FROM_ZERO).check(h);
        boolean expected = bruteForce(h);
        net.jqwik.api.statistics.Statistics.collect(expected ? "ok" : "illegal");
        assertEquals(expected ? "ok" : "illegal", v.status(), () -> h.ops() + "\n" + v.describe());
    }

    /**
     * Failed compares recorded as {@code :fail} (Jepsen's way) and more distinct values, so many
     * timed-out writes and cas are never read: the search leaves those out
     * ({@link RegisterModel#unobservedIndeterminate}), and must still agree.
     */
    @Property(tries = 600)
    void wglWithUnobservedTimeoutsLeftOutAgreesWithBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int calls,
                                                              @ForAll @IntRange(min = 1, max = 6) int processes) {
        History h = randomHistory(new SplittableRandom(seed), calls, processes, true, 4);
        Verdict v = Models.checker("cas-register", FROM_ZERO).check(h);
        boolean expected = bruteForce(h);
        net.jqwik.api.statistics.Statistics.collect(expected ? "ok" : "illegal");
        assertEquals(expected ? "ok" : "illegal", v.status(), () -> h.ops() + "\n" + v.describe());
    }

    /** Two timed-out writes of the same value, each needed once: the younger twin must still be tried once the older is used. */
    @org.junit.jupiter.api.Test
    void timedOutTwinsAreEachUsable() {
        Verdict both = Models.checker("cas-register", FROM_ZERO).check(twins(2));
        assertEquals("ok", both.status(), both::describe);
        Verdict one = Models.checker("cas-register", FROM_ZERO).check(twins(1));
        assertEquals("illegal", one.status(), one::describe);
    }

    private static History twins(int timedOutWrites) {
        HistoryRecorder rec = new HistoryRecorder();
        long t = 0;
        for (int p = 1; p <= timedOutWrites; p++) {
            rec.invoke(t++, p, "write", Value.of(1));
            rec.info(t++, p, Value.NIL);
        }
        rec.invoke(t++, 0, "read", Value.NIL);
        rec.ok(t++, 0, Value.of(1));
        rec.invoke(t++, 0, "write", Value.of(0));
        rec.ok(t++, 0, Value.NIL);
        rec.invoke(t++, 0, "read", Value.NIL);
        rec.ok(t++, 0, Value.of(1));
        return rec.history();
    }

    private static History randomHistory(SplittableRandom r, int calls, int processes, boolean failedCasAsFail, int values) {
        HistoryRecorder rec = new HistoryRecorder();
        String[] open = new String[processes];
        boolean[] crashed = new boolean[processes];
        int invoked = 0;
        long t = 0;
        while (invoked < calls || anyOpen(open)) {
            int p = r.nextInt(processes);
            if (crashed[p]) {
                if (allDone(open, crashed, invoked, calls)) {
                    break;
                }
                continue;
            }
            if (open[p] == null) {
                if (invoked == calls) {
                    continue;
                }
                int kind = r.nextInt(3);
                String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                Value v = kind == 0 ? Value.NIL : kind == 1 ? Value.of(r.nextInt(values)) : Value.cas(r.nextInt(values), r.nextInt(values + 1));
                rec.invoke(t++, p, f, v);
                open[p] = f;
                invoked++;
                continue;
            }
            int outcome = r.nextInt(4);
            String f = open[p];
            open[p] = null;
            if (outcome == 0) {
                rec.info(t++, p, Value.NIL);
                crashed[p] = true;
            } else if (f.equals("read")) {
                rec.ok(t++, p, r.nextInt(4) == 0 ? Value.NIL : Value.of(r.nextInt(values + 1)));
            } else if (f.equals("cas") && failedCasAsFail) {
                if (r.nextInt(3) != 0) {
                    rec.ok(t++, p, Value.NIL);
                } else {
                    rec.fail(t++, p, Value.NIL);
                }
            } else if (f.equals("cas")) {
                rec.ok(t++, p, new Value.Bool(r.nextInt(3) != 0));
            } else {
                rec.ok(t++, p, Value.NIL);
            }
        }
        return rec.history();
    }

    private static boolean anyOpen(String[] open) {
        for (String o : open) {
            if (o != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean allDone(String[] open, boolean[] crashed, int invoked, int calls) {
        for (int p = 0; p < open.length; p++) {
            if (!crashed[p] && (open[p] != null || invoked < calls)) {
                return false;
            }
        }
        return true;
    }

    /** Every order of the calls consistent with real time, indeterminate ones optional. */
    private static boolean bruteForce(History h) {
        List<Call> calls = new ArrayList<>();
        for (Call c : h.calls()) {
            if (c.outcome() != OpType.FAIL) {
                calls.add(c);
            }
        }
        RegisterModel model = RegisterModel.casRegister(Value.of(0), NilReads.VALUE);
        return search(model, calls, new boolean[calls.size()], model.init());
    }

    private static boolean search(RegisterModel model, List<Call> calls, boolean[] done, Value state) {
        boolean allDefiniteDone = true;
        for (int i = 0; i < calls.size(); i++) {
            if (!done[i] && !calls.get(i).isIndeterminate()) {
                allDefiniteDone = false;
            }
        }
        if (allDefiniteDone) {
            return true;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (done[i] || !minimal(calls, done, i)) {
                continue;
            }
            Value after = model.step(state, model.input(calls.get(i)), model.output(calls.get(i)));
            if (after != null) {
                done[i] = true;
                boolean ok = search(model, calls, done, after);
                done[i] = false;
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    /** No pending definite call completed before call i was invoked (an indeterminate one never completes). */
    private static boolean minimal(List<Call> calls, boolean[] done, int i) {
        for (int j = 0; j < calls.size(); j++) {
            Call other = calls.get(j);
            if (!done[j] && j != i && !other.isIndeterminate() && other.completionPosition() < calls.get(i).invokePosition()) {
                return false;
            }
        }
        return true;
    }
}
