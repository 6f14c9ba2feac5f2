package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Elle's list-append: transactions of 1..maxOpsPerTxn appends and list reads over a small set of
 * active keys. Appended values are unique per key; a key retires after {@code appendsPerKey}
 * appends and a fresh key takes its place, which keeps the reads short and the dependency graph
 * dense (Elle's own generator does the same).
 */
public final class ListAppendWorkload implements Workload {
    private final int activeKeyCount;
    private final int maxOpsPerTxn;
    private final int appendsPerKey;
    private final long[] activeKeys;
    /** Each active key's name ({@link Keys#list}), made once per key instead of once per micro-op. */
    private final String[] activeKeyNames;
    private final int[] appendsSoFar;
    private long nextKey;
    private final List<Long> allKeys = new ArrayList<>();

    public ListAppendWorkload(int activeKeyCount, int maxOpsPerTxn, int appendsPerKey) {
        if (activeKeyCount <= 0 || maxOpsPerTxn <= 0 || appendsPerKey <= 0) {
            throw new IllegalArgumentException("bad list-append shape: keys=" + activeKeyCount
                    + " ops/txn=" + maxOpsPerTxn + " appends/key=" + appendsPerKey);
        }
        this.activeKeyCount = activeKeyCount;
        this.maxOpsPerTxn = maxOpsPerTxn;
        this.appendsPerKey = appendsPerKey;
        this.activeKeys = new long[activeKeyCount];
        this.activeKeyNames = new String[activeKeyCount];
        this.appendsSoFar = new int[activeKeyCount];
        for (int i = 0; i < activeKeyCount; i++) {
            activeKeys[i] = freshKey();
            activeKeyNames[i] = Keys.list(activeKeys[i]);
        }
    }

    @Override
    public String name() {
        return "list-append";
    }

    @Override
    public List<String> checkers() {
        return List.of(CheckerNames.LIST_APPEND, CheckerNames.INVARIANTS);
    }

    @Override
    public WorkloadProcess newProcess(long process) {
        return this::nextTxn;
    }

    /** Reads every key ever used, a bounded number per transaction. */
    @Override
    public List<Operation> finalReads() {
        List<Operation> reads = new ArrayList<>();
        List<MicroOp> batch = new ArrayList<>();
        for (long key : allKeys) {
            batch.add(new MicroOp.ReadList(Keys.list(key)));
            if (batch.size() == 16) {
                reads.add(Operation.of(new Command.Txn(batch)));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            reads.add(Operation.of(new Command.Txn(batch)));
        }
        return reads;
    }

    private Command nextTxn(RandomStream random) {
        int size = 1 + random.nextInt(maxOpsPerTxn);
        List<MicroOp> ops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int slot = random.nextInt(activeKeyCount);
            String key = activeKeyNames[slot];
            if (random.nextInt(2) == 0) {
                ops.add(new MicroOp.ReadList(key));
            } else {
                ops.add(new MicroOp.Append(key, ++appendsSoFar[slot]));
                if (appendsSoFar[slot] >= appendsPerKey) {
                    activeKeys[slot] = freshKey();
                    activeKeyNames[slot] = Keys.list(activeKeys[slot]);
                    appendsSoFar[slot] = 0;
                }
            }
        }
        return new Command.Txn(ops);
    }

    private long freshKey() {
        long key = nextKey++;
        allKeys.add(key);
        return key;
    }
}
