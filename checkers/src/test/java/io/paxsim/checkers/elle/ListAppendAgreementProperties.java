package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.ModelMismatch;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
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
import java.util.List;
import java.util.SplittableRandom;

import static io.paxsim.checkers.elle.CheckerOutcome.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The columnar {@link ListAppendChecker} against the object checker it replaced
 * ({@link ObjectListAppendChecker}): on atomic histories with random damage planted — reads
 * shortened, reordered, extended, repeated, emptied or nil'd, elements of other keys, appends
 * that fail or crash, completions dropped, an element appended twice (bad input) — both give the
 * same verdict, summary and findings
 * (message, ops, cycle explanation), or the same bad-input error, at models with no extra order,
 * process order and real-time order.
 */
class ListAppendAgreementProperties {
    private static final List<ConsistencyModel> MODELS = List.of(ConsistencyModel.STRICT_SERIALIZABLE,
            ConsistencyModel.SERIALIZABLE, ConsistencyModel.SNAPSHOT_ISOLATION,
            ConsistencyModel.fromWireName("read-committed"), ConsistencyModel.fromWireName("repeatable-read"),
            ConsistencyModel.fromWireName("read-uncommitted"), ConsistencyModel.fromWireName("strong-session-serializable"));

    @Property(tries = 300, seed = "20261203")
    void columnarAndObjectCheckersAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int txns,
                                        @ForAll @IntRange(min = 0, max = 6) int damage) {
        History history = damaged(SyntheticHistories.listAppend(seed, txns, 4, 3, 6), seed, damage);
        for (ConsistencyModel model : MODELS) {
            String expected = outcome(new ObjectListAppendChecker(model), history);
            String actual = outcome(new ListAppendChecker(model), history);
            assertEquals(expected, actual, model.wireName());
            Statistics.label("verdict").collect(expected.substring(0, expected.indexOf('(')));
            if (model == ConsistencyModel.STRICT_SERIALIZABLE) {
                anomalies(history).forEach(kind -> Statistics.label("anomaly").collect(kind));
            }
        }
        // The damage must make the checkers say something: most samples are invalid at some model.
        Statistics.label("verdict").coverage(c -> {
            c.check("Illegal").percentage(p -> p > 20);
            c.check("Ok").percentage(p -> p > 20);
        });
    }

    /**
     * Transactions that read and append the same keys in every order, their reads nil, empty, their
     * own appends (or not), with earlier elements before them (or not), in order or not: the
     * columnar checker decodes a transaction for the internal and future-read checks only when its
     * columns say one of them finds something, and must find what the object checker finds.
     */
    @Property(tries = 400, seed = "20261204")
    void internalAndFutureReadsAsTheObjectChecker(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int txns) {
        SplittableRandom random = new SplittableRandom(seed);
        TxnHistories h = new TxnHistories();
        long next = 1;
        for (int t = 0; t < txns; t++) {
            List<MicroOp> ops = new ArrayList<>();
            List<Long> appended = new ArrayList<>();
            int size = 2 + random.nextInt(4);
            for (int m = 0; m < size; m++) {
                String key = random.nextInt(3) == 0 ? "y" : "x";
                if (random.nextBoolean()) {
                    long e = next++;
                    appended.add(e);
                    ops.add(TxnHistories.append(key, e));
                } else {
                    ops.add(randomRead(key, appended, next, random));
                }
            }
            h.txn(t, ops.toArray(MicroOp[]::new));
        }
        History history = h.history();
        String expected = outcome(new ObjectListAppendChecker(ConsistencyModel.SERIALIZABLE), history);
        assertEquals(expected, outcome(new ListAppendChecker(ConsistencyModel.SERIALIZABLE), history));
        Statistics.label("anomaly").collect(expected.contains("internal") ? "internal"
                : expected.contains("future-read") ? "future-read" : "neither");
    }

    /**
     * A completion may append other elements than its invocation asked (a buggy client, a damaged
     * file): here some completions and some invocations have an append's element or key replaced
     * by one another call appends, so the invocations ask an element twice while the completions
     * do not, or the completions append one twice while the invocations do not. The columnar
     * table gives an invocation's append the pair id of the completion's micro-op at its place
     * when the two are equal, and must look the pair up when they are not; the object checker
     * takes uniqueness from the invocations and everything else from the completions.
     */
    @Property(tries = 300, seed = "20261205")
    void checkersAgreeWhenCompletionsAppendOtherThanAsked(@ForAll long seed, @ForAll @IntRange(min = 2, max = 60) int txns) {
        History history = appendsChanged(SyntheticHistories.listAppend(seed, txns, 4, 3, 6), seed);
        assertCheckersAgree(history, List.of(ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.fromWireName("read-committed")),
                "outcome");
        Statistics.label("outcome").coverage(c -> {
            c.check("ModelMismatch").percentage(p -> p > 10);
            c.check("Illegal").percentage(p -> p > 10);
        });
    }

    /** Replaces, in about one completion in five and one invocation in twenty, one append's element (or, now and then, its key) by another call's append. */
    private static History appendsChanged(History h, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0xa99e5d);
        List<Op> ops = new ArrayList<>(h.ops());
        List<MicroOp> appends = new ArrayList<>();
        for (Op op : ops) {
            ((Value.Txn) op.value()).ops().stream().filter(MicroOp::isAppend).forEach(appends::add);
        }
        for (int i = 0; i < ops.size() && !appends.isEmpty(); i++) {
            Op op = ops.get(i);
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
            int m = random.nextInt(mops.size());
            if (random.nextInt(op.type() == OpType.INVOKE ? 20 : 5) != 0 || !mops.get(m).isAppend()) {
                continue;
            }
            MicroOp other = appends.get(random.nextInt(appends.size()));
            Value key = random.nextInt(4) == 0 ? other.key() : mops.get(m).key();
            mops.set(m, new MicroOp("append", key, other.value()));
            ops.set(i, op.withValue(new Value.Txn(mops)));
        }
        return History.of(ops);
    }

    /** Nil, or some earlier elements then some of this transaction's own appends so far, shuffled now and then. */
    private static MicroOp randomRead(String key, List<Long> appended, long next, SplittableRandom random) {
        if (random.nextInt(6) == 0) {
            return MicroOp.read(Value.kw(key), Value.NIL);
        }
        List<Long> items = new ArrayList<>();
        for (long e = 1, n = random.nextInt(3); e < next && items.size() < n; e++) {
            if (!appended.contains(e)) {
                items.add(e);
            }
        }
        for (long e : appended) {
            if (random.nextInt(4) != 0) {
                items.add(e);
            }
        }
        if (random.nextInt(5) == 0 && items.size() > 1) {
            java.util.Collections.swap(items, 0, items.size() - 1);
        }
        if (random.nextInt(8) == 0) {
            items.add(next + random.nextInt(2) * 100);
        }
        return TxnHistories.read(key, items.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The columnar checker reads transactions of integer appends and integer-list reads straight
     * from the history's encoding, and decodes any other transaction as values: here a third of the
     * calls also append a string to a key of their own, or read a string in a list, so both ways
     * meet on the same keys and elements in one history — and must still agree with the object checker.
     */
    @Property(tries = 150, seed = "20261204")
    void checkersAgreeWhereDecodedAndCursorReadTransactionsMix(@ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 80) int txns,
                                                               @ForAll @IntRange(min = 0, max = 6) int damage) {
        History history = mixed(damaged(SyntheticHistories.listAppend(seed, txns, 4, 3, 6), seed, damage), seed);
        assertCheckersAgree(history, List.of(ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.SERIALIZABLE,
                ConsistencyModel.fromWireName("read-committed")), "verdict");
    }

    /**
     * The columnar checker decides "a read is a prefix of its key's longest read" from the reads'
     * encoded bytes (zig-zag varints of 1 to 10 bytes) and compares elements only where the bytes
     * differ. The synthetic histories' elements are small (one byte each), so here every element is
     * mapped, one to one, onto integers of every encoded width (negative, 2-byte, 6-byte, 10-byte
     * near Long.MIN_VALUE): a byte prefix that ended inside an element, or two elements with a
     * common byte prefix taken as equal, would show as a verdict the object checker does not give.
     */
    @Property(tries = 300, seed = "20261206")
    void checkersAgreeWhenElementsTakeEveryEncodedWidth(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int txns,
                                                        @ForAll @IntRange(min = 0, max = 6) int damage) {
        History history = widened(nudged(damaged(SyntheticHistories.listAppend(seed, txns, 4, 3, 6), seed, damage), seed));
        assertCheckersAgree(history, List.of(ConsistencyModel.STRICT_SERIALIZABLE, ConsistencyModel.SERIALIZABLE,
                ConsistencyModel.fromWireName("read-committed"), ConsistencyModel.fromWireName("read-uncommitted")), "verdict");
        Statistics.label("verdict").coverage(c -> {
            c.check("Illegal").percentage(p -> p > 10);
            c.check("Ok").percentage(p -> p > 10);
        });
    }

    /**
     * In about a third of the completions' reads whose last element is 2 mod 4, that element
     * replaced by its neighbour e ^ 4 (also 2 mod 4): {@link #wide} maps both to six zero-group bytes
     * and one last byte, so the read's bytes then differ from a longer read's only in that byte.
     */
    private static History nudged(History h, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9d6e);
        List<Op> ops = new ArrayList<>(h.ops());
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).type() == OpType.INVOKE) {
                continue;
            }
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) ops.get(i).value()).ops());
            for (int m = 0; m < mops.size(); m++) {
                MicroOp mop = mops.get(m);
                if (mop.isRead() && mop.value() instanceof Value.Vec v && !v.items().isEmpty()
                        && v.items().get(v.items().size() - 1) instanceof Value.Int last && (last.value() & 3) == 2
                        && random.nextInt(3) == 0) {
                    List<Value> items = new ArrayList<>(v.items());
                    items.set(items.size() - 1, new Value.Int(last.value() ^ 4));
                    mops.set(m, MicroOp.read(mop.key(), new Value.Vec(items)));
                }
            }
            ops.set(i, ops.get(i).withValue(new Value.Txn(mops)));
        }
        return History.of(ops);
    }

    /** Every integer element (appended or read) mapped by {@link #wide}. */
    private static History widened(History h) {
        List<Op> ops = new ArrayList<>(h.ops());
        for (int i = 0; i < ops.size(); i++) {
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) ops.get(i).value()).ops());
            mops.replaceAll(mop -> new MicroOp(mop.f(), mop.key(), widen(mop.value())));
            ops.set(i, ops.get(i).withValue(new Value.Txn(mops)));
        }
        return History.of(ops);
    }

    private static Value widen(Value v) {
        if (v instanceof Value.Int n) {
            return new Value.Int(wide(n.value()));
        }
        if (v instanceof Value.Vec vec) {
            List<Value> items = new ArrayList<>(vec.items());
            items.replaceAll(ListAppendAgreementProperties::widen);
            return new Value.Vec(items);
        }
        return v;
    }

    /**
     * One to one on the synthetic histories' elements (positive, far below 2^20), by residue mod 4:
     * itself (one byte when small), -64 e (two or more bytes, negative), e << 40 (six bytes), and
     * Long.MIN_VALUE + e (ten bytes). The four images are disjoint ranges.
     */
    static long wide(long e) {
        assert e > 0 && e < 1 << 20 : "element out of the mapped range: " + e;
        return switch ((int) (e & 3)) {
            case 0 -> e;
            case 1 -> -64 * e;
            case 2 -> e << 40;
            default -> Long.MIN_VALUE + e;
        };
    }

    /**
     * Every third call (invocation and completion alike) gets a non-integer micro-op; some reads get
     * a string element; in half the histories the keys are keywords (runs record keywords, the
     * synthetic histories integers).
     */
    private static History mixed(History h, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5eed);
        boolean keywords = random.nextBoolean();
        List<Op> ops = new ArrayList<>(h.ops());
        java.util.Set<Value> odd = new java.util.HashSet<>();
        for (Op op : ops) {
            if (op.type() == OpType.INVOKE && random.nextInt(3) == 0) {
                odd.add(op.process());
            }
        }
        java.util.Map<Value, MicroOp> open = new java.util.HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
            if (keywords) {
                mops.replaceAll(mop -> new MicroOp(mop.f(), Value.kw("k" + mop.key()), mop.value()));
            }
            if (op.type() == OpType.INVOKE && odd.contains(op.process()) && random.nextInt(2) == 0) {
                open.put(op.process(), new MicroOp("append", Value.kw("s" + op.process()), Value.of("e" + i)));
            }
            MicroOp extra = op.type() == OpType.INVOKE ? open.get(op.process()) : open.remove(op.process());
            if (extra != null) {
                mops.add(extra);
            }
            if (op.type() != OpType.INVOKE && random.nextInt(8) == 0) {
                for (int m = 0; m < mops.size(); m++) {
                    if (mops.get(m).isRead() && mops.get(m).value() instanceof Value.Vec v) {
                        List<Value> items = new ArrayList<>(v.items());
                        items.add(random.nextInt(items.size() + 1), Value.of("x"));
                        mops.set(m, MicroOp.read(mops.get(m).key(), new Value.Vec(items)));
                        break;
                    }
                }
            }
            ops.set(i, op.withValue(new Value.Txn(mops)));
        }
        return History.of(ops);
    }

    private static List<String> anomalies(History history) {
        try {
            Verdict v = new ListAppendChecker(ConsistencyModel.STRICT_SERIALIZABLE).check(history, Budget.unlimited());
            return v instanceof Verdict.Illegal bad ? bad.findings().stream().map(f -> f.kind()).distinct().toList() : List.of();
        } catch (ModelMismatch e) {
            return List.of("bad input");
        }
    }


    /**
     * The columnar and object checkers give the same verdict, findings and all, at each model; each
     * verdict's kind is collected under {@code label}.
     */
    private static void assertCheckersAgree(History history, List<ConsistencyModel> models, String label) {
        for (ConsistencyModel model : models) {
            String expected = outcome(new ObjectListAppendChecker(model), history);
            assertEquals(expected, outcome(new ListAppendChecker(model), history), model.wireName());
            Statistics.label(label).collect(expected.substring(0, expected.indexOf('(')));
        }
    }

    private static History damaged(History h, long seed, int damage) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>(h.ops());
        for (int d = 0; d < damage; d++) {
            int i = random.nextInt(ops.size());
            Op op = ops.get(i);
            if (op.type() == OpType.INVOKE) {
                continue;
            }
            ops.set(i, damage(op, ops, random));
            if (op.type() == OpType.OK && random.nextInt(6) == 0 && lastOfProcess(ops, i)) {
                ops.set(i, retype(ops.get(i), random.nextBoolean() ? OpType.INFO : OpType.FAIL));
            } else if (op.type() == OpType.OK && random.nextInt(6) == 0) {
                ops.set(i, retype(ops.get(i), OpType.FAIL));
            }
        }
        if (damage > 0 && random.nextInt(4) == 0) {
            dropLastCompletion(ops);
        }
        if (damage > 0 && random.nextInt(15) == 0) {
            appendTwice(ops, random.nextInt(ops.size()));
        }
        return History.of(ops);
    }

    private static Op damage(Op op, List<Op> ops, SplittableRandom random) {
        List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
        int m = random.nextInt(mops.size());
        MicroOp mop = mops.get(m);
        if (!mop.isRead() || !(mop.value() instanceof Value.Vec read)) {
            return op;
        }
        List<Value> items = new ArrayList<>(read.items());
        switch (random.nextInt(8)) {
            case 0 -> {
                if (!items.isEmpty()) {
                    items.remove(random.nextInt(items.size()));
                }
            }
            case 1 -> {
                if (items.size() > 1) {
                    int a = random.nextInt(items.size());
                    int b = random.nextInt(items.size());
                    Value x = items.get(a);
                    items.set(a, items.get(b));
                    items.set(b, x);
                }
            }
            case 2 -> {
                if (!items.isEmpty()) {
                    items.add(items.get(random.nextInt(items.size())));
                }
            }
            case 3 -> items.add(Value.of(1 + random.nextInt(8)));
            case 4 -> items.clear();
            case 5 -> {
                mops.set(m, MicroOp.read(mop.key(), Value.NIL));
                return op.withValue(new Value.Txn(mops));
            }
            case 6 -> {
                if (!items.isEmpty()) {
                    items.subList(random.nextInt(items.size()), items.size()).clear();
                }
            }
            default -> {
                MicroOp other = anyRead(ops, random);
                if (other != null) {
                    mops.set(m, MicroOp.read(mop.key(), other.value()));
                    return op.withValue(new Value.Txn(mops));
                }
            }
        }
        mops.set(m, MicroOp.read(mop.key(), new Value.Vec(items)));
        return op.withValue(new Value.Txn(mops));
    }

    private static MicroOp anyRead(List<Op> ops, SplittableRandom random) {
        Op op = ops.get(random.nextInt(ops.size()));
        for (MicroOp mop : ((Value.Txn) op.value()).ops()) {
            if (mop.isRead() && mop.value() instanceof Value.Vec) {
                return mop;
            }
        }
        return null;
    }

    /** Bad input: an invocation at or after {@code from} appends its first element twice. */
    private static void appendTwice(List<Op> ops, int from) {
        for (int i = from; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
            if (op.type() == OpType.INVOKE && mops.stream().anyMatch(MicroOp::isAppend)) {
                mops.add(mops.stream().filter(MicroOp::isAppend).findFirst().orElseThrow());
                ops.set(i, op.withValue(new Value.Txn(mops)));
                return;
            }
        }
    }

    private static Op retype(Op op, OpType type) {
        return new Op(op.index(), op.timeNanos(), type, op.process(), op.f(), op.value(), op.node(), op.error());
    }

    /** A crashed (:info) process never invokes again, so only a process's last op may be made :info. */
    private static boolean lastOfProcess(List<Op> ops, int i) {
        for (int j = i + 1; j < ops.size(); j++) {
            if (ops.get(j).process().equals(ops.get(i).process())) {
                return false;
            }
        }
        return true;
    }

    private static void dropLastCompletion(List<Op> ops) {
        for (int j = ops.size() - 1; j >= 0; j--) {
            if (ops.get(j).type() != OpType.INVOKE) {
                ops.remove(j);
                return;
            }
        }
    }
}
