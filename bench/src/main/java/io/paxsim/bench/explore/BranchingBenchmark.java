package io.paxsim.bench.explore;

import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.explore.DeepCopier;
import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one explored successor costs by each way of branching, on the configuration of the
 * explorer's benchmark (`explore --nodes 3 --ops 1 --clients 1 --max-crashes 1`): states at
 * {@link #depth} reached by seeded random walks, and per successor either a re-execution of the
 * state's path from a fresh world (`--branch replay`), a copy-on-write copy of the state
 * (`--branch copy`: a world shell plus, when the action touches a node, that node), or a whole
 * copy; each then applies one enabled action. Microseconds per successor (lower is better), so
 * the depth at which copying beats re-execution reads off directly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
@Threads(1)
public class BranchingBenchmark {
    private static final int STATES = 64;

    /** Actions from the initial state to the states branched from. */
    @Param({"6", "20"})
    public int depth;

    private PaxosExploreModel model;
    private ExploreOptions options;
    private StructuralHasher hasher;
    private DeepCopier copyOnWrite;
    private DeepCopier whole;
    private DeepCopier reflective;
    private final List<List<Action>> paths = new ArrayList<>();
    private final List<World> worlds = new ArrayList<>();
    private final List<Action> next = new ArrayList<>();
    private int turn;

    @Setup(Level.Trial)
    public void setUp() {
        model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1));
        options = ExploreOptions.defaults().withMaxTimeouts(depth <= 6 ? 2 : 8).withFaults(1, 0, 0);
        hasher = new StructuralHasher(model);
        copyOnWrite = new DeepCopier(model);
        whole = DeepCopier.whole(model);
        reflective = DeepCopier.reflective(true, model);
        for (int walk = 0; paths.size() < STATES && walk < 100 * STATES; walk++) {
            RandomStream random = RandomStream.derive(7, "bench/branching/" + walk);
            World world = newWorld();
            List<Action> path = new ArrayList<>();
            while (path.size() < depth && world.violation() == null && !world.enabled().isEmpty()) {
                Action a = random.choice(world.enabled());
                world.apply(a);
                path.add(a);
            }
            if (path.size() == depth && world.violation() == null && !world.enabled().isEmpty()) {
                hasher.hash(world); // as in a search: a state is fingerprinted before it is expanded
                paths.add(path);
                worlds.add(world);
                next.add(world.enabled().get(walk % world.enabled().size()));
            }
        }
        if (paths.size() < STATES) {
            throw new IllegalStateException("only " + paths.size() + " states at depth " + depth);
        }
    }

    private World newWorld() {
        World world = new World(model, options);
        world.useStateHasher(hasher);
        return world;
    }

    private int nextTurn() {
        turn = (turn + 1) % STATES;
        return turn;
    }

    /** `--branch replay`: a fresh world re-executes the state's path, then the successor's action. */
    @Benchmark
    public int replayFromRoot() {
        int i = nextTurn();
        World world = newWorld();
        for (Action a : paths.get(i)) {
            world.apply(a);
        }
        world.apply(next.get(i));
        return world.depth();
    }

    /**
     * `--branch copy` and `ancestor`: a copy-on-write copy of the state (the touched node copied
     * when the action runs), by the classes' explicit copy methods.
     */
    @Benchmark
    public int copyOnWrite() {
        int i = nextTurn();
        World world = copyOnWrite.copy(worlds.get(i));
        world.apply(next.get(i));
        return world.depth();
    }

    /** The same copy-on-write copy by the reflective copier alone (the copier before explicit copy methods). */
    @Benchmark
    public int copyOnWriteReflective() {
        int i = nextTurn();
        World world = reflective.copy(worlds.get(i));
        world.apply(next.get(i));
        return world.depth();
    }

    /** A whole copy of the state (nodes included, explicit copy methods), for comparison. */
    @Benchmark
    public int wholeCopy() {
        int i = nextTurn();
        World world = whole.copy(worlds.get(i));
        world.apply(next.get(i));
        return world.depth();
    }

    /** The floor of re-execution: building the initial world alone. */
    @Benchmark
    public int newWorldOnly() {
        return newWorld().depth();
    }
}
