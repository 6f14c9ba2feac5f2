/**
 * A Multi-Paxos replicated log on the simulated runtime: the system under test.
 *
 * <h2>Wiring a cluster</h2>
 * <pre>{@code
 * PaxosConfig config = Variants.config("majority", 5)          // or PaxosConfig.defaults(5).with...
 *         .withMutants("local-read");                           // planted bugs, off by default
 * InvariantMonitor monitor = new InvariantMonitor(config);
 * Simulation.Builder b = PaxosCluster.configure(Simulation.builder(seed), config) // replicas 0..n-1 = peers
 *         .observer(monitor);
 * for (int i = 0; i < clients; i++) {
 *     b.node(myClientFactory);                                  // clients get ids n, n+1, ...
 * }
 * Simulation sim = b.build();
 * sim.start();
 * ... sim.runUntil(t) ...; monitor.violation() // Optional<Violation>: invariant, nodes, slot, time
 * }</pre>
 * {@code PaxosCluster.configure} is {@code builder.nodes(n, PaxosReplica.factory(config)).peers(0..n-1)};
 * do that by hand if you prefer. {@code ctx.peers()} on any node returns the replica ids.
 * {@code PaxosCluster.config(variant, n, mutantOrNone)} builds a configuration from stable names;
 * {@code PaxosCluster::isLeaderChange} and {@code PaxosCluster::appliedSlotOf} read the
 * observations a testbed tracks. Names and one-line descriptions: {@link io.paxsim.paxos.Variants#all()},
 * {@link io.paxsim.paxos.Mutant#values()}, {@link io.paxsim.paxos.InvariantMonitor#describe()},
 * {@link io.paxsim.paxos.ReadMode}. {@link io.paxsim.paxos.CommitLatencyRecorder} measures commit
 * latency in simulated time.
 *
 * <h2>Timing defaults</h2>
 * Heartbeat 1 ms, election timeout uniform in [5, 10) ms of the local clock, lease 4 ms with a
 * 0.4 ms drift margin. A client retry timeout of 10-50 ms suits them.
 *
 * <h2>How a client behaves</h2>
 * A client is a node with id >= n speaking {@link io.paxsim.paxos.api.ClientMessage}:
 * <ul>
 * <li>Send {@code Request(clientId, sequence, command)} to any replica. Use a unique clientId per
 *     client process (its node id is fine) and sequences 1, 2, 3, ...; keep one request outstanding.</li>
 * <li>{@code NotLeader(hint)}: resend the same request to {@code hint}, or to another replica
 *     when the hint is -1 (after a short pause, an election is probably running).</li>
 * <li>No answer before your timeout: resend the <em>same</em> (clientId, sequence) to another
 *     replica. The session table applies it at most once, and a retry of an applied request is
 *     answered with the cached result. Until a {@code Reply} arrives the outcome is indeterminate
 *     (record it as {@code info}, never as a failure).</li>
 * <li>{@code Reply(result)} is definite: the command was chosen and applied (or, for reads in
 *     read-index/lease mode, served by a confirmed leader). Then move on to sequence + 1; once you
 *     do, older sequences of yours are ignored.</li>
 * </ul>
 *
 * <h2>Where things are</h2>
 * {@link io.paxsim.paxos.PaxosReplica} holds the handlers of all three roles (acceptor, proposer,
 * learner) and client handling; {@link io.paxsim.paxos.PaxosMessage}, {@link io.paxsim.paxos.DurableRecord}
 * and {@link io.paxsim.paxos.PaxosObservation} are the sealed message, WAL record and
 * observation types; {@code Wal} is the mirrored, checksummed write-ahead log with its recovery;
 * {@code SnapshotStore} the checkpoints; {@code StateMachine} the KV/list/log state machine with
 * its session table; {@link io.paxsim.paxos.Variants} and {@link io.paxsim.paxos.Mutant} the named
 * registries; {@link io.paxsim.paxos.InvariantMonitor} the online safety checks.
 */
package io.paxsim.paxos;
