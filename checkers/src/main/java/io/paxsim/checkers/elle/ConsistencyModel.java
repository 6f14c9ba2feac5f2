package io.paxsim.checkers.elle;

import java.util.List;
import java.util.Set;

/**
 * The consistency models a transactional history can be checked against, with the Elle anomaly
 * names each one prohibits. Every model also prohibits the non-cycle anomalies (aborted and
 * intermediate reads, internal inconsistency, duplicate elements, incompatible orders).
 */
public enum ConsistencyModel {
    STRICT_SERIALIZABLE("strict-serializable", true, Set.of(
            "G0", "G1c", "G-single-item", "G-nonadjacent-item", "G2-item",
            "G0-realtime", "G1c-realtime", "G-single-item-realtime", "G-nonadjacent-item-realtime",
            "G2-item-realtime", "lost-append")),
    SERIALIZABLE("serializable", false, Set.of(
            "G0", "G1c", "G-single-item", "G-nonadjacent-item", "G2-item")),
    /** Snapshot isolation allows write skew (cycles with adjacent rw edges, G2-item) and nothing else. */
    SNAPSHOT_ISOLATION("snapshot-isolation", false, Set.of(
            "G0", "G1c", "G-single-item", "G-nonadjacent-item"));

    static final List<String> ALWAYS_PROHIBITED = List.of(
            "G1a", "G1b", "internal", "duplicate-elements", "incompatible-order", "lost-update");

    private final String wireName;
    private final boolean realtime;
    private final Set<String> prohibitedCycles;

    ConsistencyModel(String wireName, boolean realtime, Set<String> prohibitedCycles) {
        this.wireName = wireName;
        this.realtime = realtime;
        this.prohibitedCycles = prohibitedCycles;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether real-time order between transactions is part of the model. */
    public boolean realtime() {
        return realtime;
    }

    public boolean prohibits(String anomaly) {
        return ALWAYS_PROHIBITED.contains(anomaly) || prohibitedCycles.contains(anomaly);
    }

    public static ConsistencyModel fromWireName(String name) {
        for (ConsistencyModel m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
