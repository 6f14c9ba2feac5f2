package io.paxsim.checkers.linear;

import io.paxsim.checkers.NilReads;
import io.paxsim.history.Call;
import io.paxsim.history.HistoryException;
import io.paxsim.history.Value;

import java.util.List;

/**
 * A read/write register, optionally with compare-and-set, optionally one per key (Jepsen's
 * independent {@code [k v]} tuples, checked key by key). The state is the current {@link Value}.
 *
 * <p>The keyed model ({@code kv}) also speaks Porcupine's key-value vocabulary, exactly as
 * Porcupine's kv model defines it: {@code :get} returns the key's string, {@code :put v} sets it,
 * {@code :append v} concatenates v to it; a key never written holds {@code ""} for these ops
 * (Porcupine's initial state), so it need not be given with {@code --init}. Keys come from
 * {@code [k v]} values or from an op's {@code :key} field (Porcupine's kv files).
 */
public final class RegisterModel implements Model<Value, RegisterModel.Input, Value> {
    /** What a register op asks: read, write v, or cas expected→next. */
    public record Input(Kind kind, Value argument, Value expected) {
    }

    public enum Kind { READ, WRITE, CAS, GET, PUT, APPEND }

    private static final Value EMPTY_STRING = Value.of("");

    /** The output of a completed write or cas: it took effect. */
    static final Value SUCCEEDED = Value.kw("ok");
    /** The output of a cas that completed ok with result false: the register held another value. */
    static final Value COMPARE_FAILED = Value.kw("compare-failed");

    private final String name;
    private final boolean allowCas;
    private final boolean keyed;
    private final Value init;
    private final NilReads nilReads;

    private RegisterModel(String name, boolean allowCas, boolean keyed, Value init, NilReads nilReads) {
        this.name = name;
        this.allowCas = allowCas;
        this.keyed = keyed;
        this.init = init == null ? Value.NIL : init;
        this.nilReads = nilReads;
    }

    public static RegisterModel register(Value init, NilReads nilReads) {
        return new RegisterModel("register", false, false, init, nilReads);
    }

    public static RegisterModel casRegister(Value init, NilReads nilReads) {
        return new RegisterModel("cas-register", true, false, init, nilReads);
    }

    /** One cas-register per key; {@code init} applies to every key. */
    public static RegisterModel keyValue(Value init, NilReads nilReads) {
        return new RegisterModel("kv", true, true, init, nilReads);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Value init() {
        return init;
    }

    @Override
    public Value partition(Call call) {
        return keyed ? keyedOf(call, call.invoke().value()).key() : null;
    }

    @Override
    public Input input(Call call) {
        Value v = unwrap(call, call.invoke().value());
        switch (call.f()) {
            case "read":
                return new Input(Kind.READ, Value.NIL, null);
            case "write":
                return new Input(Kind.WRITE, v, null);
            case "cas":
                if (allowCas && v instanceof Value.Cas cas) {
                    return new Input(Kind.CAS, cas.next(), cas.expected());
                }
                break;
            case "get":
                if (keyed) {
                    return new Input(Kind.GET, Value.NIL, null);
                }
                break;
            case "put":
                if (keyed) {
                    return new Input(Kind.PUT, v, null);
                }
                break;
            case "append":
                if (keyed && v instanceof Value.Str) {
                    return new Input(Kind.APPEND, v, null);
                }
                break;
            default:
                break;
        }
        throw io.paxsim.checkers.ModelMismatch.of(name, call, "it knows " + (keyed ? ":get :put :append :read :write :cas"
                : allowCas ? ":read :write :cas" : ":read :write"));
    }

    @Override
    public Value output(Call call) {
        if (call.isIndeterminate()) {
            return null;
        }
        if (keyed && call.f().equals("get")) {
            Value got = unwrap(call, call.completion().value());
            if (got.isNil()) {
                return nilReads == NilReads.UNCONSTRAINED ? null : EMPTY_STRING;
            }
            return got;
        }
        if (!call.f().equals("read")) {
            boolean compareFailed = call.f().equals("cas") && unwrap(call, call.completion().value()) instanceof Value.Bool b && !b.value();
            return compareFailed ? COMPARE_FAILED : SUCCEEDED;
        }
        Value read = unwrap(call, call.completion().value());
        return read.isNil() && nilReads == NilReads.UNCONSTRAINED ? null : read;
    }

    @Override
    public Value step(Value state, Input input, Value output) {
        switch (input.kind()) {
            case READ:
                return output == null || output.equals(state) ? state : null;
            case WRITE, PUT:
                return input.argument();
            case GET:
                return output == null || output.equals(asString(state)) ? state : null;
            case APPEND:
                return asString(state) instanceof Value.Str current
                        ? Value.of(current.value() + ((Value.Str) input.argument()).value()) : null;
            default:
                if (output == COMPARE_FAILED) {
                    return state.equals(input.expected()) ? null : state;
                }
                if (state.equals(input.expected())) {
                    return input.argument();
                }
                // A cas that finds another value fails; only an indeterminate one may do so here.
                return output == null ? state : null;
        }
    }

    /** Porcupine's kv state for a key never written is the empty string. */
    private static Value asString(Value state) {
        return state.isNil() ? EMPTY_STRING : state;
    }

    @Override
    public long stateBytes(Value state) {
        return state instanceof Value.Str str ? 40L + 2L * str.value().length() : 32;
    }

    @Override
    public boolean isReadOnly(Input input, Value output) {
        return input.kind() == Kind.READ || input.kind() == Kind.GET || output == COMPARE_FAILED;
    }

    @Override
    public boolean isInert(Input input, Value output) {
        return output == null && (input.kind() == Kind.READ || input.kind() == Kind.GET);
    }

    /**
     * An indeterminate write or cas whose written value no other call reads or expects. Say a
     * linearization puts it at point p, writing v: until the next call that changes the state,
     * every call taking effect sees v, so none can be a read of v or a cas expecting v (none
     * exists): only unconstrained reads; and the next change is then a blind write, since a
     * succeeding cas would expect v. Without the call, those calls see the old value, equally
     * fine, and the rest is unchanged: the same order minus the call is a linearization. Dropping
     * a cas removes its expectation, which may free another call (repeated to a fixed point).
     * Off for a partition with a cas that failed its compare (it observes that the register did
     * not hold a value, which dropping could change) or with Porcupine's get/put/append.
     */
    @Override
    public boolean[] unobservedIndeterminate(List<Input> inputs, List<Value> outputs, boolean[] indeterminate) {
        int n = inputs.size();
        java.util.Map<Value, Integer> observers = new java.util.HashMap<>();
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Input in = inputs.get(i);
            Value out = outputs.get(i);
            switch (in.kind()) {
                case READ -> {
                    if (out != null) {
                        observers.merge(out, 1, Integer::sum);
                    }
                }
                case CAS -> {
                    if (out == COMPARE_FAILED) {
                        return null;
                    }
                    observers.merge(in.expected(), 1, Integer::sum);
                }
                case WRITE -> { }
                default -> {
                    return null;
                }
            }
            any |= indeterminate[i];
        }
        if (!any) {
            return null;
        }
        boolean[] drop = new boolean[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                Input in = inputs.get(i);
                if (drop[i] || !indeterminate[i] || outputs.get(i) != null || in.kind() == Kind.READ) {
                    continue;
                }
                boolean seesItself = in.kind() == Kind.CAS && in.expected().equals(in.argument());
                if (observers.getOrDefault(in.argument(), 0) - (seesItself ? 1 : 0) == 0) {
                    drop[i] = true;
                    changed = true;
                    if (in.kind() == Kind.CAS) {
                        observers.merge(in.expected(), -1, Integer::sum);
                    }
                }
            }
        }
        return drop;
    }

    @Override
    public String describeStuck(Call stuck, List<Value> possibleStates, String statesText) {
        Input input = input(stuck);
        Value output = output(stuck);
        if (output == null) {
            return "it could have taken effect when the register held " + statesText;
        }
        if (input.kind() == Kind.READ || input.kind() == Kind.GET) {
            return possibleStates.contains(output)
                    ? "could have read " + statesText + " (read " + output + ", which fits, but no order of the later calls does)"
                    : "could have read " + statesText + ", read " + output;
        }
        if (input.kind() == Kind.CAS && output == COMPARE_FAILED) {
            return "cas expecting " + input.expected() + " failed, but the register could hold " + statesText;
        }
        if (input.kind() == Kind.CAS) {
            return "cas expecting " + input.expected() + " succeeded, but the register could hold " + statesText;
        }
        return "it could have taken effect when the register held " + statesText;
    }

    private Value unwrap(Call call, Value v) {
        return keyed ? keyedOf(call, v).value() : v;
    }

    private Value.Keyed keyedOf(Call call, Value v) {
        if (v instanceof Value.Keyed k) {
            return k;
        }
        if (v instanceof Value.Vec vec && vec.items().size() == 2) {
            // Read without key typing: interpret Jepsen's independent tuple here.
            return (Value.Keyed) io.paxsim.history.ValueTyping.KEYED.type(call.f(), vec);
        }
        throw io.paxsim.checkers.ModelMismatch.of(name, call, "it needs [key value] tuples or a :key field");
    }
}
