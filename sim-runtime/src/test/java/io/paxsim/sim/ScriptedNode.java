package io.paxsim.sim;

import io.paxsim.sim.disk.DiskDone;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A test node whose handlers are supplied by the test, and which logs what reached it. */
final class ScriptedNode implements Node {
    record Ping(int n) implements Message {
    }

    record Sized(int n, int sizeBytes) implements Message {
    }

    record Tick(String name) implements Timer {
    }

    /** What reached a node, with true and local time, in order. */
    record Seen(String what, long trueNanos, long localNanos) {
    }

    /** Shared by all incarnations of all nodes in one test. */
    static final class Log {
        final List<Seen>[] byNode;

        @SuppressWarnings("unchecked")
        Log(int nodes) {
            byNode = new List[nodes];
            for (int i = 0; i < nodes; i++) {
                byNode[i] = new ArrayList<>();
            }
        }

        List<String> whats(int node) {
            return byNode[node].stream().map(Seen::what).toList();
        }
    }

    private final Log log;
    private final Simulation[] simHolder;
    Consumer<Context> onStart = ctx -> { };
    Consumer<Context> onRecover = ctx -> { };

    ScriptedNode(Log log, Simulation[] simHolder) {
        this.log = log;
        this.simHolder = simHolder;
    }

    private void seen(Context ctx, String what) {
        log.byNode[ctx.self()].add(new Seen(what, simHolder[0].nowNanos(), ctx.localTimeNanos()));
    }

    @Override
    public void onStart(Context ctx) {
        seen(ctx, "start");
        onStart.accept(ctx);
    }

    @Override
    public void onRecover(Context ctx) {
        seen(ctx, "recover");
        onRecover.accept(ctx);
    }

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        seen(ctx, "msg " + from + " " + message);
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        seen(ctx, "timer " + timer);
    }

    @Override
    public void onDiskDone(Context ctx, DiskDone done) {
        seen(ctx, "disk " + done.ok());
    }

    /** A simulation of {@code n} scripted nodes; {@code configure} adjusts the builder. */
    static Simulation build(long seed, int n, Log log, Consumer<Simulation.Builder> configure) {
        Simulation[] holder = new Simulation[1];
        Simulation.Builder b = Simulation.builder(seed).nodes(n, id -> new ScriptedNode(log, holder));
        configure.accept(b);
        holder[0] = b.build();
        return holder[0];
    }

    /** Context of a live node, captured by running a world action that exposes it. */
    static Context context(Simulation sim, int node) {
        Context[] result = new Context[1];
        sim.withContext(node, ctx -> result[0] = ctx);
        return result[0];
    }
}
