package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A register read must see every write acknowledged before the read began. One writer writes
 * 1, 2, 3 ... to key x; readers read x; a read returning less than the last value acknowledged
 * at its invocation is stale. Run under partitions for each read mode, and for the local-read mutant.
 */
class StaleReadTest {
    /** Test-side checker shared by the clients of one run (the simulation is single-threaded). */
    static final class Board implements TestClient.Listener {
        long lastAcknowledgedWrite;
        long readsChecked;
        final java.util.TreeMap<Long, Long> lowerBoundByReader = new java.util.TreeMap<>();
        final List<String> stale = new ArrayList<>();

        @Override
        public void invoked(int client, long sequence, Command command) {
            if (command instanceof Command.Read) {
                lowerBoundByReader.put((long) client, lastAcknowledgedWrite);
            }
        }

        @Override
        public void replied(int client, long sequence, Command command, Result result) {
            if (command instanceof Command.Write w) {
                lastAcknowledgedWrite = Math.max(lastAcknowledgedWrite, w.value());
            } else if (result instanceof Result.ReadResult r) {
                readsChecked++;
                long seen = r.value() == null ? 0 : r.value();
                long bound = lowerBoundByReader.get((long) client);
                if (seen < bound) {
                    stale.add("client " + client + " read " + seen + " after write " + bound + " was acknowledged");
                }
            }
        }
    }

    private static Board run(long seed, PaxosConfig config) {
        Board board = new Board();
        int n = config.clusterSize();
        FaultScenario s = new FaultScenario(FaultScenario.FaultClass.PARTITION, seed, config, 4, i -> {
            java.util.function.LongFunction<Command> cmds = i == 0 ? v -> new Command.Write("x", v) : v -> new Command.Read("x");
            return new TestClient(n, 60, cmds, 10_000_000).withListener(board);
        });
        FaultScenario.Outcome o = s.run();
        if (!o.safe() && o.detail().contains("read-freshness")) {
            // The online monitor saw a read miss a committed write before any client could.
            board.stale.add("seed " + seed + ": " + o.detail());
            return board;
        }
        assertTrue(o.safe() && o.live(), "seed " + seed + ": " + o.detail());
        return board;
    }

    private static int staleRuns(PaxosConfig config, int seeds) {
        int staleRuns = 0;
        long reads = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Board b = run(seed, config);
            reads += b.readsChecked;
            staleRuns += b.stale.isEmpty() ? 0 : 1;
        }
        assertTrue(reads > seeds * 50L || staleRuns > 0, "reads were exercised: " + reads);
        return staleRuns;
    }

    @Test
    void logReadsAreNeverStale() {
        assertEquals(0, staleRuns(PaxosConfig.defaults(3), 10));
    }

    @Test
    void readIndexReadsAreNeverStale() {
        assertEquals(0, staleRuns(PaxosConfig.defaults(3).withReadMode(ReadMode.READ_INDEX), 10));
    }

    @Test
    void leaseReadsAreNeverStaleWithoutClockFaults() {
        assertEquals(0, staleRuns(PaxosConfig.defaults(5).withReadMode(ReadMode.LEASE), 10));
    }

    @Test
    void localReadMutantServesStaleReadsUnderPartitions() {
        int stale = staleRuns(PaxosConfig.defaults(3).withMutants("local-read"), 20);
        assertTrue(stale > 0, "the local-read mutant should be caught serving a stale read in some of 20 seeds");
    }
}
