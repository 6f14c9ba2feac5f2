package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The registry of linearizability models: stable name, one-line description, factory. */
public final class Models {
    /** A model entry. */
    public record Entry(String name, String description, Function<CheckerOptions, LinearizabilityChecker<?, ?, ?>> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("register", "read/write register (init: its value, default nil)",
                o -> new LinearizabilityChecker<>(RegisterModel.register(o.init(), o.nilReads()), ""));
        add("cas-register", "read/write/compare-and-set register, :cas [old new] (Knossos' cas-register)",
                o -> new LinearizabilityChecker<>(RegisterModel.casRegister(o.init(), o.nilReads()), ""));
        add("multi-register", "registers read and written atomically by :txn [[:read :x v] [:write :y v]]",
                o -> new LinearizabilityChecker<>(new MultiRegisterModel(o.init(), o.nilReads()), ""));
        add("kv", "key-value store checked per key: :get/:put/:append with :key (Porcupine's kv) or :read/:write/:cas of [k v] tuples",
                o -> new LinearizabilityChecker<>(RegisterModel.keyValue(o.init(), o.nilReads()), ""));
        add("mutex", "a lock: :acquire needs it free, :release needs it held",
                o -> new LinearizabilityChecker<>(new MutexModel(o.init()), ""));
        add("log", "append-only log: :append v, :read returns the whole log as a vector",
                o -> new LinearizabilityChecker<>(new LogModel(o.init()), ""));
    }

    private Models() {
    }

    private static void add(String name, String description,
                            Function<CheckerOptions, LinearizabilityChecker<?, ?, ?>> bare) {
        ENTRIES.put(name, new Entry(name, description, o -> bare.apply(o).describedAs(description)));
    }

    public static Map<String, Entry> entries() {
        return java.util.Collections.unmodifiableMap(ENTRIES);
    }

    /** A linearizability checker for the named model, or null if there is no such model. */
    public static LinearizabilityChecker<?, ?, ?> checker(String name, CheckerOptions options) {
        Entry e = ENTRIES.get(name);
        return e == null ? null : e.factory().apply(options);
    }
}
