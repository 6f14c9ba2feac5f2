package io.paxsim.checkers.elle;

import io.paxsim.checkers.ModelMismatch;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.paxsim.checkers.elle.CheckerOutcome.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The columnar {@link RwRegisterChecker} against the object checker it replaced
 * ({@link ObjectRwRegisterChecker}): on serializable rw-register histories (each transaction takes
 * effect atomically at its completion) with random damage planted — reads of another written
 * value or of nil, outcomes turned fail or info, completions dropped, a value written twice (bad
 * input) — both give the same verdict, summary and findings (message, ops, cycle explanation), or
 * the same bad-input error, at models with no extra order, process order and real-time order.
 */
class RwRegisterAgreementProperties {
    private static final List<ConsistencyModel> MODELS = List.of(ConsistencyModel.STRICT_SERIALIZABLE,
            ConsistencyModel.SERIALIZABLE, ConsistencyModel.SNAPSHOT_ISOLATION,
            ConsistencyModel.fromWireName("read-committed"), ConsistencyModel.fromWireName("repeatable-read"),
            ConsistencyModel.fromWireName("read-uncommitted"), ConsistencyModel.fromWireName("strong-session-serializable"));

    @Property(tries = 300, seed = "20261203")
    void columnarAndObjectCheckersAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int txns,
                                        @ForAll @IntRange(min = 0, max = 6) int damage) {
        History history = history(seed, txns, damage);
        for (ConsistencyModel model : MODELS) {
            String expected = outcome(new ObjectRwRegisterChecker(model), history);
            String actual = outcome(new RwRegisterChecker(model), history);
            assertEquals(expected, actual, model.wireName());
            Statistics.label("verdict").collect(expected.substring(0, expected.indexOf('(')));
            if (model == ConsistencyModel.STRICT_SERIALIZABLE) {
                kinds(expected).forEach(kind -> Statistics.label("anomaly").collect(kind));
            }
        }
        Statistics.label("verdict").coverage(c -> {
            c.check("Illegal").percentage(p -> p > 20);
            c.check("Ok").percentage(p -> p > 10);
        });
    }

    private static List<String> kinds(String outcome) {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("G1a", "G1b", "internal", "lost-update", "G0", "G1c", "G-single", "G2", "ModelMismatch")) {
            if (outcome.contains(k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }


    /** Transactions of 1-4 reads and writes over 3 keys by 4 processes, each applied at its completion. */
    private static History history(long seed, int txns, int damage) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, Long> state = new HashMap<>();
        List<Op> ops = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        long[] process = {0, 1, 2, 3};
        long nextProcess = 4;
        List<MicroOp>[] open = newOpen();
        long nextValue = 1;
        int invoked = 0;
        while (invoked < txns || anyOpen(open)) {
            int p = random.nextInt(4);
            if (open[p] == null) {
                if (invoked == txns) {
                    continue;
                }
                List<MicroOp> asked = new ArrayList<>();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    String key = "k" + random.nextInt(3);
                    if (random.nextBoolean()) {
                        long v = nextValue++;
                        written.add(v);
                        asked.add(MicroOp.write(Value.kw(key), Value.of(v)));
                    } else {
                        asked.add(MicroOp.read(Value.kw(key), Value.NIL));
                    }
                }
                open[p] = asked;
                invoked++;
                ops.add(op(OpType.INVOKE, process[p], asked));
                continue;
            }
            List<MicroOp> done = new ArrayList<>();
            for (MicroOp m : open[p]) {
                int key = ((Value.Kw) m.key()).name().charAt(1) - '0';
                if (m.isWrite()) {
                    state.put(key, ((Value.Int) m.value()).value());
                    done.add(m);
                } else {
                    Long v = state.get(key);
                    done.add(MicroOp.read(m.key(), v == null ? Value.NIL : Value.of(v)));
                }
            }
            ops.add(op(OpType.OK, process[p], damage(done, written, damage, random)));
            if (damage > 0 && random.nextInt(8) == 0) {
                Op last = ops.get(ops.size() - 1);
                boolean crash = random.nextBoolean();
                ops.set(ops.size() - 1, retype(last, crash ? OpType.INFO : OpType.FAIL));
                if (crash) {
                    process[p] = nextProcess++;
                }
            }
            open[p] = null;
        }
        if (damage > 0 && random.nextInt(4) == 0) {
            for (int j = ops.size() - 1; j >= 0; j--) {
                if (ops.get(j).type() != OpType.INVOKE) {
                    ops.remove(j);
                    break;
                }
            }
        }
        if (damage > 0 && random.nextInt(12) == 0) {
            writeTwice(ops, random);
        }
        List<Op> indexed = new ArrayList<>();
        for (Op op : ops) {
            indexed.add(op.withIndex(indexed.size()));
        }
        return History.of(indexed);
    }

    @SuppressWarnings("unchecked")
    private static List<MicroOp>[] newOpen() {
        return new List[4];
    }

    private static boolean anyOpen(List<MicroOp>[] open) {
        for (List<MicroOp> o : open) {
            if (o != null) {
                return true;
            }
        }
        return false;
    }

    /** Each damage point: with some chance, one read shows another written value, nil, or the read is repeated. */
    private static List<MicroOp> damage(List<MicroOp> done, List<Long> written, int damage, SplittableRandom random) {
        List<MicroOp> out = new ArrayList<>(done);
        for (int d = 0; d < damage; d++) {
            if (random.nextInt(6) != 0) {
                continue;
            }
            int i = random.nextInt(out.size());
            MicroOp m = out.get(i);
            if (m.isWrite() || written.isEmpty()) {
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> out.set(i, MicroOp.read(m.key(), Value.of(written.get(random.nextInt(written.size())))));
                case 1 -> out.set(i, MicroOp.read(m.key(), Value.NIL));
                default -> out.add(MicroOp.read(m.key(), Value.of(written.get(random.nextInt(written.size())))));
            }
        }
        return out;
    }

    /** Bad input (when read): a later transaction writes a value an earlier one wrote, to the same key. */
    private static void writeTwice(List<Op> ops, SplittableRandom random) {
        MicroOp first = null;
        for (int i = random.nextInt(ops.size()); i < ops.size(); i++) {
            Op op = ops.get(i);
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
            if (first == null) {
                first = mops.stream().filter(MicroOp::isWrite).findFirst().orElse(null);
            } else if (op.type() == OpType.OK) {
                mops.add(first);
                ops.set(i, op.withValue(new Value.Txn(mops)));
                return;
            }
        }
    }

    private static Op op(OpType type, long process, List<MicroOp> mops) {
        return new Op(-1, -1, type, Value.of(process), "txn", new Value.Txn(mops), null, null);
    }

    private static Op retype(Op op, OpType type) {
        return new Op(op.index(), op.timeNanos(), type, op.process(), op.f(), op.value(), op.node(), op.error());
    }
}
