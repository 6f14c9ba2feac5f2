package io.paxsim.testbed.pipeline;

import io.paxsim.faults.ClusterView;
import io.paxsim.faults.FaultContext;
import io.paxsim.faults.FaultInjector;
import io.paxsim.faults.FaultListener;
import io.paxsim.faults.FaultProfiles;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.FaultScheduleJson;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.paxos.PaxosConfig;
import io.paxsim.paxos.Variants;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntSupplier;

/** A fault-injectors schedule as the pipeline's {@link FaultPlan}. */
public record ScheduledFaults(FaultSchedule schedule) implements FaultPlan {
    /** Faults for runs bounded by an op count: a guess at how long the ops take under faults. */
    private static final long ASSUMED_NANOS_PER_OP = 100_000L;

    /** The scenario's schedule, drawn from the {@code faults} substream of its seed. */
    public static ScheduledFaults plan(Scenario s) {
        FaultContext context = FaultContext.of(s.nodes(), horizonNanos(s));
        RandomStream random = RandomStream.derive(s.seed(), "faults");
        if (Pathologies.hasOwnSchedule(s.faultProfile())) {
            return new ScheduledFaults(Pathologies.schedule(s.faultProfile(), random.nextLong(), context));
        }
        FaultSchedule drawn = FaultProfiles.parse(s.faultProfile()).schedule(random, context);
        PaxosConfig config = configOrNull(s.variant(), s.nodes());
        if (config == null) {
            return new ScheduledFaults(drawn); // the cluster factory reports the bad variant
        }
        return new ScheduledFaults(StorageFaultBound.apply(config, LeaseClockBound.apply(config, s.faultProfile(), drawn)));
    }

    /** The variant's configuration, or null when the name does not parse (reported where the cluster is built). */
    static PaxosConfig configOrNull(String variant, int nodes) {
        try {
            return Variants.config(variant, nodes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** No faults at all (the {@code none} profile's schedule). */
    public static ScheduledFaults none() {
        return new ScheduledFaults(FaultSchedule.empty("none"));
    }

    /** A saved schedule (faults.json), applied exactly as recorded. */
    public static ScheduledFaults parse(String json) {
        return new ScheduledFaults(FaultScheduleJson.parse(json));
    }

    static long horizonNanos(Scenario s) {
        if (s.opLimit() == 0) {
            return s.safetyNanos();
        }
        long estimate = Math.max(1_000_000_000L, s.opLimit() * ASSUMED_NANOS_PER_OP);
        return Math.min(s.safetyNanos(), estimate);
    }

    @Override
    public int size() {
        return schedule.size();
    }

    @Override
    public long lastEndNanos() {
        long end = 0;
        for (ScheduleEntry e : schedule.entries()) {
            end = Math.max(end, e.endNanos());
        }
        return end;
    }

    @Override
    public FaultPlan keep(BitSet entries) {
        List<ScheduleEntry> kept = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            if (entries.get(i)) {
                kept.add(schedule.entries().get(i));
            }
        }
        return new ScheduledFaults(schedule.withEntries(kept));
    }

    @Override
    public Injection prepare() {
        return prepare(null);
    }

    /** An injector that also tells {@code listener} (if not null) what each entry resolved to (the shrinker narrows targets with it). */
    Injection prepare(FaultListener listener) {
        FaultInjector injector = new FaultInjector(schedule);
        if (listener != null) {
            injector.listener(listener);
        }
        return new Injection() {
            @Override
            public SimObserver observer() {
                return injector;
            }

            @Override
            public void install(Simulation sim, int[] replicas, IntSupplier leader) {
                injector.install(sim, ClusterView.of(replicas, leader));
            }

            @Override
            public void heal(Simulation sim) {
                injector.heal();
            }
        };
    }

    @Override
    public String toJson() {
        return FaultScheduleJson.write(schedule);
    }

    @Override
    public List<String> kinds() {
        List<String> kinds = new ArrayList<>(schedule.size());
        for (ScheduleEntry e : schedule.entries()) {
            kinds.add(e.fault().name());
        }
        return kinds;
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>(schedule.size());
        for (ScheduleEntry e : schedule.entries()) {
            lines.add(e.describe());
        }
        return lines;
    }
}
