package io.paxsim.testbed.pipeline;

import io.paxsim.faults.FaultContext;
import io.paxsim.faults.FaultProfiles;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.Nemeses;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.load.RateProfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Named pathological scenarios: each reshapes a scenario (workload, load, environment, or a
 * fault schedule built from fault-injectors' nemeses at unusual rates). Selected with
 * {@code paxsim run --scenario NAME}; the result is an ordinary scenario, saved and replayed as such.
 */
public final class Pathologies {
    /** Fault schedules of the pathologies that need their own; their names are accepted as fault profiles. */
    public static final String LEADER_FLAPPING = "leader-flapping";
    public static final String LEADER_CHANGE_BURSTS = "leader-change-bursts";

    private record Entry(String description, UnaryOperator<Scenario> reshape) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        add(LEADER_FLAPPING, "the leader is isolated (4/s) or crashed (2/s) for 50-200 ms, over and over",
                s -> s.withFaultProfile(LEADER_FLAPPING));
        add("slow-follower", "links to and from the last replica are ~50x slower than the rest",
                s -> s.withEnvironment(Environments.SLOW_FOLLOWER));
        add("large-entries", "the log canary with 2 KiB records, 3,000 ops unless --ops says otherwise",
                s -> s.withWorkload("large-entries").withOpLimit(s.opLimit() == 0 ? 3_000 : s.opLimit()));
        add(LEADER_CHANGE_BURSTS, "open-loop bursts (5x for 150 ms every 500 ms) while leaders crash or are cut off (2/s)",
                s -> s.withFaultProfile(LEADER_CHANGE_BURSTS).withLoad(new LoadModel.OpenLoop(s.load().clients(),
                        new RateProfile.Bursts(4_000, 20_000, 500_000_000L, 150_000_000L), 10_000)));
        add("hot-key", "every client hammers one register", s -> s.withWorkload("hot-key"));
    }

    private Pathologies() {
    }

    private static void add(String name, String description, UnaryOperator<Scenario> reshape) {
        REGISTRY.put(name, new Entry(description, reshape));
    }

    public static Map<String, String> descriptions() {
        Map<String, String> result = new LinkedHashMap<>();
        REGISTRY.forEach((name, e) -> result.put(name, e.description()));
        return result;
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Scenario apply(String name, Scenario s) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        return e.reshape().apply(s);
    }

    static boolean hasOwnSchedule(String profile) {
        return profile.equals(LEADER_FLAPPING) || profile.equals(LEADER_CHANGE_BURSTS);
    }

    /** The schedule of a pathology's own fault profile. */
    static FaultSchedule schedule(String profile, long baseSeed, FaultContext context) {
        FaultContext brief = context.withFaultDurationNanos(50_000_000L, 200_000_000L);
        return switch (profile) {
            case LEADER_FLAPPING -> FaultProfiles.generate(profile, "pathology", baseSeed, brief, List.of(
                    new FaultProfiles.NemesisRate(Nemeses.named("isolate-leader"), 4),
                    new FaultProfiles.NemesisRate(Nemeses.named("crash-leader"), 2)));
            case LEADER_CHANGE_BURSTS -> FaultProfiles.generate(profile, "pathology", baseSeed, brief, List.of(
                    new FaultProfiles.NemesisRate(Nemeses.named("isolate-leader"), 1),
                    new FaultProfiles.NemesisRate(Nemeses.named("crash-leader"), 1)));
            default -> throw new IllegalArgumentException("no pathology schedule named " + profile);
        };
    }
}
