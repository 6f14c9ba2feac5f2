package io.paxsim.testbed.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The workload registry: every workload by its stable name, with a one-line description. */
public final class Workloads {
    private record Entry(String description, Supplier<Workload> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        add("register", "read/write/cas on 5 registers; per-key linearizability",
                () -> new RegisterWorkload("register", 5, 50, 30));
        add("hot-key", "pathological: every client hammers one register (read/write/cas)",
                () -> new RegisterWorkload("hot-key", 1, 40, 40));
        add("list-append", "Elle list-append transactions of 1-4 micro-ops over rolling keys",
                () -> new ListAppendWorkload(8, 4, 32));
        add("log", "replicated-log canary: per-process streams with cumulative checksums, whole-log scans",
                () -> new LogWorkload("log", 32, 20));
        add("large-entries", "pathological: the log canary with 2 KiB records (memory grows fast: pair with --ops)",
                () -> new LogWorkload("large-entries", 2 * 1024, 20));
        for (YcsbWorkload.Mix mix : YcsbWorkload.Mix.values()) {
            add("ycsb-" + mix.name().toLowerCase(java.util.Locale.ROOT), "YCSB " + mix.name() + ": "
                    + mix.description() + ", zipfian over 100 keys", () -> new YcsbWorkload(mix, 100));
        }
    }

    private Workloads() {
    }

    private static void add(String name, String description, Supplier<Workload> factory) {
        REGISTRY.put(name, new Entry(description, factory));
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    /** A fresh instance (workloads keep per-run state). */
    public static Workload create(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown workload '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        Workload w = e.factory().get();
        assert w.name().equals(name) : "workload registered as " + name + " calls itself " + w.name();
        return w;
    }

    /** Name to one-line description, in registry order (for --help and errors). */
    public static Map<String, String> descriptions() {
        Map<String, String> result = new LinkedHashMap<>();
        REGISTRY.forEach((name, e) -> result.put(name, e.description()));
        return result;
    }
}
