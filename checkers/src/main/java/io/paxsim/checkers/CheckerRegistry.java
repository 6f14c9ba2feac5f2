package io.paxsim.checkers;

import io.paxsim.checkers.bridge.ElleChecker;
import io.paxsim.checkers.durability.ChecksumChecker;
import io.paxsim.checkers.durability.SetFullChecker;
import io.paxsim.checkers.elle.ConsistencyModel;
import io.paxsim.checkers.elle.ListAppendChecker;
import io.paxsim.checkers.elle.RwRegisterChecker;
import io.paxsim.checkers.linear.Models;
import io.paxsim.history.Value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every checker by its stable name (the names {@code paxsim check --model} takes), each with a
 * one-line description: the six linearizability models, the two Elle-style transactional
 * checkers, and the two durability checkers.
 */
public final class CheckerRegistry {
    /** A registered checker. */
    public record Entry(String name, String description, Function<CheckerOptions, Checker> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        Models.entries().values().forEach(m ->
                add(m.name(), "linearizability: " + m.description(), o -> m.factory().apply(o)));
        add("list-append", "Elle-style list-append transactions; --consistency-model picks the model",
                o -> noInit(o, new ListAppendChecker(consistencyModel(o))));
        add("rw-register", "Elle-style read/write register transactions, versions inferred where provable",
                o -> noInit(o, new RwRegisterChecker(consistencyModel(o))));
        add("elle-list-append", "the real Elle's list-append checker, in-process; " + ElleChecker.HOW_TO_GET_ELLE + "; else unknown",
                o -> noInit(o, new ElleChecker("list-append", consistencyModel(o).wireName())));
        add("elle-rw-register", "the real Elle's rw-register checker, in-process; needs Elle on PAXSIM_CLASSPATH like elle-list-append",
                o -> noInit(o, new ElleChecker("rw-register", consistencyModel(o).wireName())));
        add("set-full", "durability of :add / :read sets (Jepsen set-full: stable / lost / never-read)",
                o -> noInit(o, new SetFullChecker()));
        add("checksum", "cumulative-checksum log verifier (duplicate, lost, corrupt, lost tail); --init is the salt",
                o -> new ChecksumChecker(salt(o.init())));
    }

    private CheckerRegistry() {
    }

    private static void add(String name, String description, Function<CheckerOptions, Checker> factory) {
        ENTRIES.put(name, new Entry(name, description, factory));
    }

    private static ConsistencyModel consistencyModel(CheckerOptions o) {
        ConsistencyModel m = ConsistencyModel.fromWireName(o.consistencyModel());
        if (m == null) {
            throw new IllegalArgumentException("unknown consistency model '" + o.consistencyModel()
                    + "' (Elle's models: " + ConsistencyModel.commonNames() + ")");
        }
        return m;
    }

    /** A checker with no initial state: an --init given to it is a mistake, not something to ignore. */
    private static Checker noInit(CheckerOptions o, Checker checker) {
        if (o.init() != null) {
            throw new IllegalArgumentException("model " + checker.name() + " has no initial state; drop --init");
        }
        return checker;
    }

    private static long salt(Value init) {
        if (init == null || init.isNil()) {
            return 0;
        }
        if (init instanceof Value.Int i) {
            return i.value();
        }
        throw new IllegalArgumentException("checksum --init is the integer salt, got " + init);
    }

    public static Map<String, Entry> entries() {
        return Collections.unmodifiableMap(ENTRIES);
    }

    /** The named checker built with these options; throws IllegalArgumentException for an unknown name or bad option. */
    public static Checker create(String name, CheckerOptions options) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown checker '" + name + "' (known: " + String.join(", ", ENTRIES.keySet()) + ")");
        }
        return e.factory().apply(options);
    }
}
