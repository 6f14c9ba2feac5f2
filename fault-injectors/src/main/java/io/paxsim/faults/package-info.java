/**
 * Fault injection for paxsim: nemeses turn a seed into a {@link io.paxsim.faults.FaultSchedule}
 * (data: start, fault, targets, duration), a {@link io.paxsim.faults.FaultInjector} plays it on a
 * {@link io.paxsim.sim.Simulation} through the runtime's fault API, and {@link
 * io.paxsim.faults.Heal} makes the world whole at the end of the safety phase.
 *
 * <p>Registries (stable names, one-line descriptions): {@link io.paxsim.faults.FaultKinds} (what
 * a fault does), {@link io.paxsim.faults.Nemeses} (how faults of a kind are generated),
 * {@link io.paxsim.faults.FaultProfiles} ({@code none}, {@code partitions}, {@code crashes},
 * {@code clocks}, {@code disk}, {@code chaos}, {@code swarm}). Storage faults obey the
 * {@link io.paxsim.faults.FaultAtlas}.
 *
 * <p>A run, as the pipeline drives it:
 * <pre>{@code
 * RandomStream faultStream = RandomStream.derive(seed, "faults");          // or sim.randomness().stream("faults")
 * FaultContext context = FaultContext.of(5, 10_000_000_000L);              // 5 replicas, 10 s safety phase
 * FaultSchedule schedule = FaultProfiles.named("chaos").schedule(faultStream, context);
 * String json = FaultScheduleJson.write(schedule);                         // save as faults.json
 *
 * FaultInjector faults = new FaultInjector(schedule);
 * Simulation sim = Simulation.builder(seed).nodes(5, factory).observer(faults).build();
 * sim.start();
 * faults.install(sim, ClusterView.of(new int[] {0, 1, 2, 3, 4}, leaderTracker::leader));
 * sim.runUntil(context.durationNanos());                                   // safety phase
 * faults.heal();                                                           // network whole, replicas up
 * // liveness phase ...
 *
 * // replay exactly, from the saved file:
 * FaultSchedule again = FaultScheduleJson.parse(json);                     // same trace hash as above
 * }</pre>
 *
 * <p>Determinism: everything here draws from named substreams of the seed, iterates only ordered
 * collections, and prints numbers with integer arithmetic (trace lines feed the trace hash).
 */
package io.paxsim.faults;
