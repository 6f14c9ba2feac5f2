package io.paxsim.checkers.bridge;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentVector;
import clojure.lang.Symbol;
import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Op;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real Elle ({@code elle.list-append/check} or {@code elle.rw-register/check}) through
 * {@code clojure.java.api.Clojure} when it is on the classpath — from the CLI, put Elle and its
 * dependencies on {@code PAXSIM_CLASSPATH} (see {@link #HOW_TO_GET_ELLE}) — so its verdict can be
 * set beside ours on the same history. Without Elle the verdict is unknown, never ok.
 * Elle 0.2.x wants a {@code jepsen.history} history: when {@code jepsen.history/history} can be
 * loaded the op vector is wrapped with it (densely indexed, its pair index built up front: Elle
 * 0.2.7 can deadlock building it inside nested folds, which Elle fixed after 0.2.7), otherwise the
 * bare vector is passed (older Elle).
 */
public final class ElleChecker implements Checker {
    private static final Keyword VALID = Keyword.intern("valid?");
    private static final Keyword ANOMALY_TYPES = Keyword.intern("anomaly-types");
    private static final Keyword ANOMALIES = Keyword.intern("anomalies");

    /** What to tell a user who has no Elle on the classpath. */
    public static final String HOW_TO_GET_ELLE = "put Elle and its dependencies on PAXSIM_CLASSPATH"
            + " (e.g. PAXSIM_CLASSPATH=\"$(lein classpath)\" in a checkout of jepsen-io/elle, or the jars of"
            + " elle 0.2.7 and its dependencies from Clojars, ':'-separated)";

    private final String workload;
    private final String namespace;
    private final String consistencyModel;

    /** @param workload {@code list-append} or {@code rw-register} */
    public ElleChecker(String workload, String consistencyModel) {
        this(workload, "elle." + workload, consistencyModel);
    }

    ElleChecker(String workload, String namespace, String consistencyModel) {
        this.workload = workload;
        this.namespace = namespace;
        this.consistencyModel = consistencyModel;
    }

    @Override
    public String name() {
        return "elle-" + workload;
    }

    @Override
    public String description() {
        return "the real Elle's " + workload + " checker via Clojure, when Elle is on the classpath (PAXSIM_CLASSPATH)";
    }

    /** Whether the Elle namespace can be loaded. */
    public boolean available() {
        return load(namespace);
    }

    private static boolean load(String ns) {
        try {
            Clojure.var("clojure.core", "require").invoke(Symbol.intern(ns));
            return true;
        } catch (Exception | LinkageError e) {
            // Clojure rethrows FileNotFoundException unchecked: the namespace is not on the classpath.
            return false;
        }
    }

    @Override
    public Verdict check(History history, Budget budget) {
        if (!available()) {
            return new Verdict.Unknown(name(), "Elle is not available: namespace " + namespace
                    + " is not on the classpath; " + HOW_TO_GET_ELLE);
        }
        Object ops = toClojure(history);
        if (load("jepsen.history")) {
            ops = Clojure.var("jepsen.history", "history").invoke(ops, PersistentArrayMap.createAsIfByAssoc(
                    new Object[]{Keyword.intern("dense-indices?"), true}));
            IFn ensurePairIndex = Clojure.var("jepsen.history", "ensure-pair-index");
            if (((clojure.lang.Var) ensurePairIndex).isBound()) {
                ensurePairIndex.invoke(ops);
            }
        }
        Object opts = PersistentArrayMap.createAsIfByAssoc(new Object[]{
            Keyword.intern("consistency-models"), PersistentVector.create(Keyword.intern(consistencyModel))});
        IFn check = Clojure.var(namespace, "check");
        Object result;
        try {
            result = check.invoke(opts, ops);
        } catch (RuntimeException e) {
            return new Verdict.Unknown(name(), "Elle threw " + e.getClass().getName() + ": "
                    + io.paxsim.history.HistoryException.excerpt(e.getMessage()));
        }
        if (!(result instanceof Map<?, ?> map)) {
            return new Verdict.Unknown(name(), "Elle returned " + result + " instead of a result map");
        }
        return toVerdict(map);
    }

    private Verdict toVerdict(Map<?, ?> result) {
        Object valid = result.get(VALID);
        if (Boolean.TRUE.equals(valid)) {
            return new Verdict.Ok(name(), "Elle: valid " + consistencyModel);
        }
        List<Finding> findings = new ArrayList<>();
        Object types = result.get(ANOMALY_TYPES);
        Object anomalies = result.get(ANOMALIES);
        if (types instanceof Iterable<?> list) {
            for (Object type : list) {
                String name = type instanceof Keyword k ? k.getName() : String.valueOf(type);
                Object detail = anomalies instanceof Map<?, ?> m ? m.get(type) : null;
                String text = detail == null ? "(no detail)" : Clojure.var("clojure.core", "pr-str").invoke(detail).toString();
                findings.add(new Finding(name, "", text.length() > 2000 ? text.substring(0, 2000) + " …" : text, List.of()));
            }
        }
        if (Boolean.FALSE.equals(valid) && !findings.isEmpty()) {
            return new Verdict.Illegal(name(), "Elle: not " + consistencyModel + ": " + findings.stream().map(Finding::kind).toList(),
                    findings);
        }
        return new Verdict.Unknown(name(), "Elle could not decide (valid? " + valid + ", anomaly types " + types + ")");
    }

    /** The history as Jepsen's op maps: keywords for types and functions, vectors for values. */
    static Object toClojure(History history) {
        List<Object> ops = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            Op op = history.ops().get(i);
            List<Object> kv = new ArrayList<>(List.of(
                    Keyword.intern("index"), (long) i,
                    Keyword.intern("time"), op.timeNanos() >= 0 ? op.timeNanos() : (long) i,
                    Keyword.intern("type"), Keyword.intern(op.type().wireName()),
                    Keyword.intern("process"), toClojure(op.process()),
                    Keyword.intern("f"), Keyword.intern(op.f()),
                    Keyword.intern("value"), toClojure(op.value())));
            if (op.error() != null) {
                kv.add(Keyword.intern("error"));
                kv.add(toClojure(op.error()));
            }
            ops.add(PersistentArrayMap.createAsIfByAssoc(kv.toArray()));
        }
        return PersistentVector.create(ops);
    }

    static Object toClojure(Value v) {
        if (v instanceof Value.Int i) {
            return i.value();
        }
        if (v instanceof Value.Kw k) {
            return Keyword.intern(k.name());
        }
        if (v instanceof Value.Nil) {
            return null;
        }
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.Txn t) {
            List<Object> mops = new ArrayList<>();
            for (MicroOp m : t.ops()) {
                mops.add(PersistentVector.create(Keyword.intern(m.f()), toClojure(m.key()), toClojure(m.value())));
            }
            return PersistentVector.create(mops);
        }
        if (v instanceof Value.Vec vec) {
            return PersistentVector.create(vec.items().stream().map(ElleChecker::toClojure).toList());
        }
        if (v instanceof Value.SetOf s) {
            return clojure.lang.PersistentHashSet.create(s.items().stream().map(ElleChecker::toClojure).toList());
        }
        if (v instanceof Value.Bool b) {
            return b.value();
        }
        if (v instanceof Value.Real r) {
            return r.value();
        }
        if (v instanceof Value.Cas c) {
            return PersistentVector.create(toClojure(c.expected()), toClojure(c.next()));
        }
        if (v instanceof Value.Keyed k) {
            return PersistentVector.create(toClojure(k.key()), toClojure(k.value()));
        }
        return io.paxsim.history.EdnHistoryWriter.format(v);
    }
}
