package io.paxsim.checkers;

import java.util.List;
import java.util.Objects;

/**
 * What a checker concluded about one history. Each variant is a record of strings, numbers and
 * lists so it serialises to JSON as it is; {@link #status()} is the stable word for reports.
 */
public sealed interface Verdict {
    /** The stable name of the checker that produced this verdict. */
    String checker();

    /** {@code "ok"}, {@code "illegal"} or {@code "unknown"}. */
    String status();

    /** One line for humans. */
    String summary();

    /** The history is valid under the checker's model. */
    record Ok(String checker, String summary) implements Verdict {
        public Ok {
            Objects.requireNonNull(checker);
            Objects.requireNonNull(summary);
        }

        @Override
        public String status() {
            return "ok";
        }
    }

    /** The history is invalid; {@code findings} say where and why. */
    record Illegal(String checker, String summary, List<Finding> findings) implements Verdict {
        public Illegal {
            Objects.requireNonNull(checker);
            Objects.requireNonNull(summary);
            findings = List.copyOf(findings);
            if (findings.isEmpty()) {
                throw new IllegalArgumentException("an illegal verdict must explain itself");
            }
        }

        @Override
        public String status() {
            return "illegal";
        }
    }

    /** The checker could not decide (out of time or memory, or an external checker missing): never "ok". */
    record Unknown(String checker, String summary) implements Verdict {
        public Unknown {
            Objects.requireNonNull(checker);
            Objects.requireNonNull(summary);
        }

        @Override
        public String status() {
            return "unknown";
        }
    }

    /** Worse of two verdicts: illegal beats unknown beats ok. */
    static Verdict worst(Verdict a, Verdict b) {
        return rank(b) > rank(a) ? b : a;
    }

    static int rank(Verdict v) {
        if (v instanceof Illegal) {
            return 2;
        }
        return v instanceof Unknown ? 1 : 0;
    }

    /**
     * The verdict as plain maps, lists, strings and numbers (for JSON): {@code checker},
     * {@code status}, {@code summary}, and for an illegal verdict {@code findings}, each with
     * {@code kind}, {@code key}, {@code message}, {@code ops}.
     */
    default java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("checker", checker());
        m.put("status", status());
        m.put("summary", summary());
        if (this instanceof Illegal illegal) {
            List<java.util.Map<String, Object>> findings = new java.util.ArrayList<>();
            for (Finding f : illegal.findings()) {
                java.util.Map<String, Object> fm = new java.util.LinkedHashMap<>();
                fm.put("kind", f.kind());
                fm.put("key", f.key());
                fm.put("message", f.message());
                fm.put("ops", f.ops());
                if (!(f.explanation() instanceof Finding.Explanation.None)) {
                    fm.put("explanation", explanationMap(f.explanation()));
                }
                findings.add(fm);
            }
            m.put("findings", findings);
        }
        return m;
    }

    /** A finding's explanation as plain maps: {@code type} ("unlinearizable" or "cycle") and its fields. */
    static java.util.Map<String, Object> explanationMap(Finding.Explanation e) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (e instanceof Finding.Explanation.Unlinearizable u) {
            m.put("type", "unlinearizable");
            m.put("stuckOp", u.stuckOp());
            m.put("prefixCalls", u.prefixCalls());
            m.put("prefixTailOps", u.prefixTailOps());
            m.put("concurrentOps", u.concurrentOps());
            m.put("expected", u.expected());
        } else if (e instanceof Finding.Explanation.Cycle c) {
            m.put("type", "cycle");
            m.put("ops", c.ops());
            m.put("edges", c.edges());
        } else {
            m.put("type", "none");
        }
        return m;
    }

    /** Multi-line text: the summary, then each finding. */
    default String describe() {
        StringBuilder sb = new StringBuilder(checker()).append(": ").append(status().toUpperCase(java.util.Locale.ROOT))
                .append(" — ").append(summary());
        if (this instanceof Illegal illegal) {
            for (Finding f : illegal.findings()) {
                sb.append("\n  ").append(f.describe().replace("\n", "\n    "));
            }
        }
        return sb.toString();
    }
}
