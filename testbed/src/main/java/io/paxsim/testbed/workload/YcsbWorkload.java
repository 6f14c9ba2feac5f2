package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * YCSB core workloads A-F as key-value mixes with a zipfian key choice. Records are registers
 * (reads, blind updates, read-modify-write as cas on the value last seen), except for E whose
 * records are lists so a scan is one atomic multi-key read (judged by the list-append checker).
 */
public final class YcsbWorkload implements Workload {
    /** The six core mixes. */
    public enum Mix {
        A("50% read, 50% update"),
        B("95% read, 5% update"),
        C("100% read"),
        D("95% read-latest, 5% insert"),
        E("95% short scan, 5% insert"),
        F("50% read, 50% read-modify-write");

        private final String description;

        Mix(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final int MAX_SCAN_LENGTH = 8;

    private final Mix mix;
    private final Zipf zipf;
    private int keyCount;
    private long nextValue = 1;

    public YcsbWorkload(Mix mix, int keyCount) {
        if (keyCount <= 0) {
            throw new IllegalArgumentException("ycsb needs at least one key: " + keyCount);
        }
        this.mix = mix;
        this.keyCount = keyCount;
        this.zipf = new Zipf(keyCount, 0.99);
    }

    @Override
    public String name() {
        return "ycsb-" + mix.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<String> checkers() {
        if (mix == Mix.E) {
            return List.of(CheckerNames.LIST_APPEND, CheckerNames.INVARIANTS);
        }
        return List.of(CheckerNames.LINEARIZABLE_REGISTER, CheckerNames.INVARIANTS);
    }

    @Override
    public WorkloadProcess newProcess(long process) {
        return new Process();
    }

    @Override
    public List<Operation> finalReads() {
        List<Operation> reads = new ArrayList<>();
        if (mix == Mix.E) {
            for (int start = 0; start < keyCount; start += 16) {
                reads.add(Operation.of(scan(start, Math.min(16, keyCount - start))));
            }
            return reads;
        }
        for (int k = 0; k < keyCount; k++) {
            reads.add(Operation.of(new Command.Read(Keys.user(k))));
        }
        return reads;
    }

    private Command scan(int start, int length) {
        List<MicroOp> ops = new ArrayList<>(length);
        for (int k = start; k < start + length; k++) {
            ops.add(new MicroOp.ReadList(Keys.user(k)));
        }
        return new Command.Txn(ops);
    }

    private final class Process implements WorkloadProcess {
        private final java.util.TreeMap<String, Long> lastSeen = new java.util.TreeMap<>();

        @Override
        public Command next(RandomStream random) {
            int roll = random.nextInt(100);
            return switch (mix) {
                case A -> roll < 50 ? read(random) : update(random);
                case B -> roll < 95 ? read(random) : update(random);
                case C -> read(random);
                case D -> roll < 95 ? readLatest(random) : insert();
                case E -> roll < 95 ? scanFrom(random) : insertRecord();
                case F -> roll < 50 ? read(random) : readModifyWrite(random);
            };
        }

        @Override
        public void completed(Command command, Result result) {
            if (command instanceof Command.Read r && result instanceof Result.ReadResult v && v.value() != null) {
                lastSeen.put(r.key(), v.value());
            } else if (command instanceof Command.Write w) {
                lastSeen.put(w.key(), w.value());
            } else if (command instanceof Command.Cas c && result instanceof Result.CasResult cr && cr.succeeded()) {
                lastSeen.put(c.key(), c.update());
            }
        }

        private Command read(RandomStream random) {
            return new Command.Read(Keys.user(zipf.next(random)));
        }

        private Command update(RandomStream random) {
            return new Command.Write(Keys.user(zipf.next(random)), nextValue++);
        }

        private Command readLatest(RandomStream random) {
            int rank = Math.min(zipf.next(random), keyCount - 1);
            return new Command.Read(Keys.user(keyCount - 1 - rank));
        }

        private Command insert() {
            return new Command.Write(Keys.user(keyCount++), nextValue++);
        }

        private Command insertRecord() {
            return new Command.Txn(List.of(new MicroOp.Append(Keys.user(keyCount++), nextValue++)));
        }

        private Command scanFrom(RandomStream random) {
            int start = Math.min(zipf.next(random), keyCount - 1);
            int length = Math.min(1 + random.nextInt(MAX_SCAN_LENGTH), keyCount - start);
            return scan(start, length);
        }

        private Command readModifyWrite(RandomStream random) {
            String key = Keys.user(zipf.next(random));
            return new Command.Cas(key, lastSeen.getOrDefault(key, 0L), nextValue++);
        }
    }
}
