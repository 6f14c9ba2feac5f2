package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * The replicated-log canary: each process writes its own stream of records carrying a cumulative
 * checksum (C_i = H(C_i-1, i, payload)), never issuing record i+1 before i is acknowledged, and
 * reads other streams. A replaced process abandons its stream (its last record is indeterminate)
 * and starts a fresh one, so a retry under a new session can never look like a duplicate.
 */
public final class LogWorkload implements Workload {
    /** The checksum chain, shared with the verifier that judges the reads. */
    public interface Chain {
        long initial(String stream);

        long next(long previous, long index, String payload);
    }

    private final Chain chain;
    private final int payloadBytes;
    private final int appendPercent;
    private final String name;
    private final List<String> streams = new ArrayList<>();

    public LogWorkload(String name, Chain chain, int payloadBytes, int appendPercent) {
        if (payloadBytes <= 0 || appendPercent < 0 || appendPercent > 100) {
            throw new IllegalArgumentException("bad log workload: payload=" + payloadBytes + "B append%=" + appendPercent);
        }
        this.name = name;
        this.chain = chain;
        this.payloadBytes = payloadBytes;
        this.appendPercent = appendPercent;
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
    public List<Command> finalReads() {
        List<Command> reads = new ArrayList<>(streams.size());
        for (String s : streams) {
            reads.add(new Command.LogRead(s, 0, Integer.MAX_VALUE));
        }
        return reads;
    }

    private final class Writer implements WorkloadProcess {
        private final String stream;
        private long nextIndex;
        private long checksum;

        Writer(String stream) {
            this.stream = stream;
            this.checksum = chain.initial(stream);
        }

        @Override
        public Command next(RandomStream random) {
            if (random.nextInt(100) < appendPercent || streams.size() == 1) {
                String payload = payload(random);
                return new Command.LogAppend(stream, nextIndex, payload, chain.next(checksum, nextIndex, payload));
            }
            String other = streams.get(random.nextInt(streams.size()));
            return new Command.LogRead(other, 0, Integer.MAX_VALUE);
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
