package io.paxsim.checkers.elle;

import java.util.List;
import java.util.Set;

/** Elle's cycle anomaly names, in the order Elle searches a strongly connected component for them. */
final class CycleTypes {
    /**
     * Elle 0.2.7's {@code cycle-anomaly-specs} order (by depth in its anomaly graphs): a type found
     * early makes every type it implies redundant for that component. The predicate forms
     * (G-single, G-nonadjacent, G2) need predicate edges, which these workloads never have.
     */
    static final List<String> ALL = List.of(
            "G-single-item", "G0", "G-nonadjacent-item", "G-single-item-process", "G1c",
            "G-nonadjacent-item-process", "G-single", "G-single-item-realtime", "G2-item", "G-nonadjacent",
            "G-nonadjacent-item-realtime", "G2", "G0-process", "G1c-process", "G-single-process",
            "G2-item-process", "G-nonadjacent-process", "G2-process", "G0-realtime", "G1c-realtime",
            "G-single-realtime", "G2-item-realtime", "G-nonadjacent-realtime", "G2-realtime");

    static final Set<String> PREDICATE_BASES = Set.of("G-single", "G-nonadjacent", "G2");

    private CycleTypes() {
    }

    /** The type without its -process / -realtime suffix. */
    static String base(String type) {
        return type.replaceFirst("-(process|realtime)$", "");
    }

    /** The edge kind a -process / -realtime type needs at least one of, else 0. */
    static int variantKind(String type) {
        if (type.endsWith("-realtime")) {
            return EdgeKind.RT;
        }
        return type.endsWith("-process") ? EdgeKind.PROCESS : 0;
    }

    /** Elle's name for a cycle whose edges count as these kinds (see {@link EdgeKind#label}). */
    static String classify(int[] kinds) {
        int rw = 0;
        int wr = 0;
        boolean realtime = false;
        boolean process = false;
        boolean adjacentRw = false;
        for (int i = 0; i < kinds.length; i++) {
            rw += kinds[i] == EdgeKind.RW ? 1 : 0;
            wr += kinds[i] == EdgeKind.WR ? 1 : 0;
            realtime |= kinds[i] == EdgeKind.RT;
            process |= kinds[i] == EdgeKind.PROCESS;
            adjacentRw |= kinds[i] == EdgeKind.RW && kinds[(i + 1) % kinds.length] == EdgeKind.RW;
        }
        String base;
        if (rw == 1) {
            base = "G-single-item";
        } else if (rw > 1) {
            base = adjacentRw ? "G2-item" : "G-nonadjacent-item";
        } else {
            base = wr > 0 ? "G1c" : "G0";
        }
        return base + (realtime ? "-realtime" : process ? "-process" : "");
    }
}
