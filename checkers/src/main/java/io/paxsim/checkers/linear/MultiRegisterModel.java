package io.paxsim.checkers.linear;

import io.paxsim.checkers.NilReads;
import io.paxsim.history.Call;
import io.paxsim.history.HistoryException;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Knossos' multi-register: registers read and written atomically by {@code :txn} ops such as
 * {@code [[:read :x nil] [:write :y 2]]}. Transactions span keys, so this model is not partitioned.
 * The state is a sorted map from key to value (absent keys read as nil).
 */
public final class MultiRegisterModel implements Model<Map<String, Value>, List<MicroOp>, List<MicroOp>> {
    private final Map<String, Value> init;
    private final NilReads nilReads;

    public MultiRegisterModel(Value init, NilReads nilReads) {
        Map<String, Value> state = new TreeMap<>();
        if (init instanceof Value.Dict d) {
            d.entries().forEach((k, v) -> state.put(k.toString(), v));
        } else if (init != null && !init.isNil()) {
            throw new HistoryException("multi-register --init must be a map such as {:x 0 :y 0}, got " + HistoryException.excerpt(init));
        }
        this.init = java.util.Collections.unmodifiableMap(state);
        this.nilReads = nilReads;
    }

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public Map<String, Value> init() {
        return init;
    }

    @Override
    public List<MicroOp> input(Call call) {
        return microOps(call, call.invoke().value());
    }

    @Override
    public List<MicroOp> output(Call call) {
        return call.isIndeterminate() ? null : microOps(call, call.completion().value());
    }

    private static List<MicroOp> microOps(Call call, Value value) {
        if (!call.f().equals("txn") || !(value instanceof Value.Txn txn)) {
            throw io.paxsim.checkers.ModelMismatch.of("multi-register", call, "it needs :txn ops");
        }
        return txn.ops();
    }

    @Override
    public Map<String, Value> step(Map<String, Value> state, List<MicroOp> input, List<MicroOp> output) {
        List<MicroOp> ops = output == null ? input : output;
        Map<String, Value> next = null;
        for (MicroOp op : ops) {
            String key = op.key().toString();
            Map<String, Value> current = next == null ? state : next;
            if (op.isRead()) {
                Value seen = current.getOrDefault(key, Value.NIL);
                boolean unconstrained = output == null || op.value().isNil() && nilReads == NilReads.UNCONSTRAINED;
                if (!unconstrained && !op.value().equals(seen)) {
                    return null;
                }
            } else if (op.isWrite()) {
                if (next == null) {
                    next = new TreeMap<>(state);
                }
                next.put(key, op.value());
            } else {
                throw new HistoryException("model multi-register cannot interpret micro-op " + HistoryException.excerpt(op));
            }
        }
        return next == null ? state : next;
    }

    @Override
    public String describeState(Map<String, Value> state) {
        return new LinkedHashMap<>(state).toString();
    }
}
