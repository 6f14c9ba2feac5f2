package io.paxsim.checkers.elle;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consistency model a transactional history is checked against: any model Elle 0.2.7 knows
 * ({@code strict-serializable}, {@code serializable}, {@code snapshot-isolation},
 * {@code repeatable-read}, {@code read-committed}, {@code strong-session-serializable}, ...).
 * As in Elle, the model decides which anomalies make a history invalid (those it forbids, by
 * {@link ElleRules}), which are reported at all (those plus the two that make a verdict unknown),
 * and which extra order joins the dependency graph: real time when a reportable anomaly needs
 * it, else process order when one needs that.
 */
public final class ConsistencyModel {
    public static final ConsistencyModel STRICT_SERIALIZABLE = new ConsistencyModel("strict-serializable");
    public static final ConsistencyModel SERIALIZABLE = new ConsistencyModel("serializable");
    public static final ConsistencyModel SNAPSHOT_ISOLATION = new ConsistencyModel("snapshot-isolation");

    /** Which order between transactions, besides data dependencies, the graph carries. */
    enum ExtraOrder { NONE, PROCESS, REALTIME }

    private final String wireName;
    private final Set<String> prohibited;
    private final Set<String> reportable;
    private final ExtraOrder extraOrder;

    private ConsistencyModel(String wireName) {
        this.wireName = wireName;
        this.prohibited = Collections.unmodifiableSet(ElleRules.anomaliesProhibitedBy(Set.of(wireName)));
        TreeSet<String> r = new TreeSet<>(prohibited);
        r.addAll(ElleRules.UNKNOWN_ANOMALIES);
        this.reportable = Collections.unmodifiableSet(r);
        if (r.stream().anyMatch(a -> a.endsWith("-realtime") && CycleTypes.ALL.contains(a))) {
            extraOrder = ExtraOrder.REALTIME;
        } else if (r.stream().anyMatch(a -> a.endsWith("-process") && CycleTypes.ALL.contains(a))) {
            extraOrder = ExtraOrder.PROCESS;
        } else {
            extraOrder = ExtraOrder.NONE;
        }
    }

    public String wireName() {
        return wireName;
    }

    /** Whether real-time order between transactions is part of the model. */
    public boolean realtime() {
        return extraOrder == ExtraOrder.REALTIME;
    }

    ExtraOrder extraOrder() {
        return extraOrder;
    }

    /** Whether this anomaly makes a history invalid under the model. */
    public boolean prohibits(String anomaly) {
        return prohibited.contains(anomaly);
    }

    /** Whether Elle reports this anomaly at all when checking this model. */
    boolean reports(String anomaly) {
        return reportable.contains(anomaly);
    }

    /** Every anomaly the model forbids, sorted. */
    public Set<String> prohibitedAnomalies() {
        return prohibited;
    }

    /** The model of this name (friendly or canonical, as Elle spells it), or null if Elle knows no such model. */
    public static ConsistencyModel fromWireName(String name) {
        if (name == null || !ElleRules.ALL_MODELS.contains(name)) {
            return null;
        }
        return switch (name) {
            case "strict-serializable" -> STRICT_SERIALIZABLE;
            case "serializable" -> SERIALIZABLE;
            case "snapshot-isolation" -> SNAPSHOT_ISOLATION;
            default -> new ConsistencyModel(name);
        };
    }

    /** The commonly used model names, for help and error text. */
    public static String commonNames() {
        return "strict-serializable, serializable, snapshot-isolation, repeatable-read, read-committed, "
                + "read-uncommitted, strong-snapshot-isolation, strong-session-serializable, ... (any Elle model)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyModel m && m.wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
