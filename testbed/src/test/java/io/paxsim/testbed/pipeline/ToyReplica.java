package io.paxsim.testbed.pipeline;

import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately tiny, unreplicated key-value server for testing the harness without Paxos:
 * replica 0 answers, every other replica redirects to it. Optionally it "forgets" to apply writes
 * (a lost-write bug) so tests can see the checkers and the shrinker catch something. Sessions
 * make retried requests idempotent, as the real replica's do.
 */
class ToyReplica implements Node {
    private final boolean loseEveryTenthWrite;
    private final TreeMap<String, Long> registers = new TreeMap<>();
    private final TreeMap<String, List<Long>> lists = new TreeMap<>();
    private final TreeMap<String, List<Result.LogEntry>> streams = new TreeMap<>();
    private final TreeMap<Long, Map.Entry<Long, Result>> sessions = new TreeMap<>();
    private long writes;

    ToyReplica(boolean loseEveryTenthWrite) {
        this.loseEveryTenthWrite = loseEveryTenthWrite;
    }

    @Override
    public void onStart(Context ctx) {
    }

    @Override
    public void onRecover(Context ctx) {
    }

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        if (!(message instanceof ClientMessage.Request request)) {
            throw new AssertionError("toy replica got " + message);
        }
        if (ctx.self() != 0) {
            ctx.send(from, new ClientMessage.NotLeader(request.clientId(), request.sequence(), 0));
            return;
        }
        Map.Entry<Long, Result> last = sessions.get(request.clientId());
        Result result;
        if (last != null && last.getKey() == request.sequence()) {
            result = last.getValue();
        } else {
            result = apply(request.command());
            sessions.put(request.clientId(), Map.entry(request.sequence(), result));
        }
        ctx.send(from, new ClientMessage.Reply(request.clientId(), request.sequence(), result));
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        throw new AssertionError("toy replica sets no timers");
    }

    private Result apply(Command command) {
        if (command instanceof Command.Read r) {
            return new Result.ReadResult(registers.get(r.key()));
        } else if (command instanceof Command.Write w) {
            if (!(loseEveryTenthWrite && ++writes % 10 == 0)) {
                registers.put(w.key(), w.value());
            }
            return new Result.WriteOk();
        } else if (command instanceof Command.Cas c) {
            Long current = registers.get(c.key());
            boolean ok = current != null && current == c.expected();
            if (ok) {
                registers.put(c.key(), c.update());
            }
            return new Result.CasResult(ok);
        } else if (command instanceof Command.Txn t) {
            List<List<Long>> reads = new ArrayList<>();
            for (MicroOp op : t.ops()) {
                if (op instanceof MicroOp.Append a) {
                    lists.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.value());
                    reads.add(null);
                } else {
                    reads.add(List.copyOf(lists.getOrDefault(op.key(), List.of())));
                }
            }
            return new Result.TxnResult(reads);
        } else if (command instanceof Command.LogAppend a) {
            streams.computeIfAbsent(a.stream(), k -> new ArrayList<>())
                    .add(new Result.LogEntry(a.stream(), a.index(), a.payload(), a.checksum()));
            return new Result.LogAppendOk(0);
        } else if (command instanceof Command.LogRead r) {
            List<Result.LogEntry> log = streams.getOrDefault(r.stream(), List.of());
            long fold = io.paxsim.paxos.api.LogChain.initial(r.stream(), io.paxsim.paxos.api.LogChain.SALT);
            for (Result.LogEntry e : log) {
                fold = io.paxsim.paxos.api.LogChain.next(fold, e.index(), e.payload());
            }
            return new Result.LogReadResult(log.size(), fold, log.subList(Math.max(0, log.size() - 4), log.size()));
        }
        throw new AssertionError("toy replica cannot apply " + command);
    }
}
