package io.paxsim.testbed.workload;

import io.paxsim.checkers.durability.LogChecksum;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * The replicated-log canary: each process writes its own stream of records 1, 2, 3 ... carrying
 * the cumulative checksum of the checkers' {@link LogChecksum} (salt 0), never issuing record i+1
 * before i is acknowledged; now and then it scans the whole log, which returns per stream the
 * position, the replicas' cumulative checksum and the last few records (not the log itself, so
 * histories grow linearly with the run). A replaced process abandons its
 * stream (its last record is indeterminate) and starts a fresh one, so a retry under a new session
 * can never look like a duplicate.
 */
public final class LogWorkload implements Workload {
    private static final long SALT = io.paxsim.paxos.api.LogChain.SALT; // the state machine folds with this salt

    private final String name;
    private final int payloadBytes;
    private final int scanPerMille;
    private final List<String> streams = new ArrayList<>();

    /** {@code scanPerMille}: how many operations in a thousand scan the log (scans grow with the log). */
    public LogWorkload(String name, int payloadBytes, int scanPerMille) {
        if (payloadBytes <= 0 || scanPerMille < 0 || scanPerMille > 1000) {
            throw new IllegalArgumentException("bad log workload: payload=" + payloadBytes + "B scans/1000=" + scanPerMille);
        }
        this.name = name;
        this.payloadBytes = payloadBytes;
        this.scanPerMille = scanPerMille;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> checkers() {
        return List.of(CheckerNames.LOG_CHECKSUM, CheckerNames.INVARIANTS);
    }

    @Override
    public WorkloadProcess newProcess(long process) {
        String stream = "s" + process;
        streams.add(stream);
        return new Writer(stream);
    }

    @Override
    public List<Operation> finalReads() {
        return List.of(scan());
    }

    private Operation scan() {
        List<Command> reads = new ArrayList<>(streams.size());
        for (String s : streams) {
            reads.add(new Command.LogRead(s, 1, Integer.MAX_VALUE));
        }
        return Operation.logScan(reads);
    }

    private final class Writer implements WorkloadProcess {
        private final String stream;
        private long nextIndex = 1;
        private long checksum;

        Writer(String stream) {
            this.stream = stream;
            this.checksum = LogChecksum.initial(stream, SALT);
        }

        @Override
        public Operation nextOperation(RandomStream random) {
            if (random.nextInt(1000) < scanPerMille) {
                return scan();
            }
            return Operation.of(next(random));
        }

        @Override
        public Command next(RandomStream random) {
            String payload = payload(random);
            return new Command.LogAppend(stream, nextIndex, payload, LogChecksum.next(checksum, nextIndex, payload));
        }

        @Override
        public void completed(Command command, Result result) {
            if (command instanceof Command.LogAppend a) {
                assert a.index() == nextIndex : "acknowledged record " + a.index() + " but expected " + nextIndex;
                checksum = a.checksum();
                nextIndex++;
            }
        }

        private String payload(RandomStream random) {
            StringBuilder sb = new StringBuilder(payloadBytes);
            sb.append(stream).append('-').append(nextIndex).append('-');
            while (sb.length() < payloadBytes) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            return sb.toString();
        }
    }
}
