package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Read, write and compare-and-set on a few registers. Written values are unique across the run,
 * which keeps the linearizability search cheap and makes a lost write visible. A cas expects the
 * value the process last saw for that key, so it succeeds often enough to matter.
 */
public final class RegisterWorkload implements Workload {
    private final String name;
    private final int keyCount;
    private final int readPercent;
    private final int writePercent;
    private long nextValue = 1;

    public RegisterWorkload(String name, int keyCount, int readPercent, int writePercent) {
        if (keyCount <= 0 || readPercent < 0 || writePercent < 0 || readPercent + writePercent > 100) {
            throw new IllegalArgumentException("bad register mix: keys=" + keyCount
                    + " read%=" + readPercent + " write%=" + writePercent);
        }
        this.name = name;
        this.keyCount = keyCount;
        this.readPercent = readPercent;
        this.writePercent = writePercent;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> checkers() {
        return List.of(CheckerNames.LINEARIZABLE_REGISTER, CheckerNames.INVARIANTS);
    }

    @Override
    public WorkloadProcess newProcess(long process) {
        return new Process();
    }

    @Override
    public List<Operation> finalReads() {
        List<Operation> reads = new ArrayList<>(keyCount);
        for (int k = 0; k < keyCount; k++) {
            reads.add(Operation.of(new Command.Read(Keys.register(k))));
        }
        return reads;
    }

    private final class Process implements WorkloadProcess {
        private final long[] lastSeen = new long[keyCount];

        @Override
        public Command next(RandomStream random) {
            int k = random.nextInt(keyCount);
            String key = Keys.register(k);
            int roll = random.nextInt(100);
            if (roll < readPercent) {
                return new Command.Read(key);
            }
            if (roll < readPercent + writePercent) {
                return new Command.Write(key, nextValue++);
            }
            return new Command.Cas(key, lastSeen[k], nextValue++);
        }

        @Override
        public void completed(Command command, Result result) {
            if (command instanceof Command.Read r && result instanceof Result.ReadResult v && v.value() != null) {
                lastSeen[index(r.key())] = v.value();
            } else if (command instanceof Command.Write w) {
                lastSeen[index(w.key())] = w.value();
            } else if (command instanceof Command.Cas c && result instanceof Result.CasResult cr && cr.succeeded()) {
                lastSeen[index(c.key())] = c.update();
            }
        }

        private int index(String key) {
            return Integer.parseInt(key.substring(1));
        }
    }
}
