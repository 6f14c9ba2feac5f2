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
 * <h2>Elections</h2>
 * A replica whose election deadline passes first runs a pre-vote ({@code PreVote}): it raises no
 * ballot and promises nothing until a phase-1 quorum answers that it has not heard from a live
 * leader for a whole minimum election timeout. So a replica that times out only because its own
 * links are slow (or it is cut off one way) cannot depose a leader the others still follow. The
 * other half is check-quorum: a leader that heard no Accepted or HeartbeatAck from a phase-2
 * quorum for four election timeouts steps down, so a leader whose followers still hear it (and so
 * refuse pre-votes) but that can commit nothing does not block the cluster. A follower's catch-up
 * request is retried after an election timeout, doubling while unanswered (at most 8), so a slow
 * link is not flooded with snapshots.
 *
 * <h2>How a client behaves</h2>
 * A client is a node with id >= n speaking {@link io.paxsim.paxos.api.ClientMessage}:
 * <ul>
 * <li>Send {@code Request(clientId, sequence, command)} to any replica. Use a unique clientId per
 *     client process (its node id is fine) and sequences 1, 2, 3, ...; keep one request outstanding.</li>
 * <li>A replica that does not lead passes the request on to the one it believes leads, and the
 *     {@code Reply} comes from there: take the replier as the leader.</li>
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
 * <h2>Durability and recovery</h2>
 * Every WAL record ({@link io.paxsim.paxos.DurableRecord}: promise, vote, proposer round, repair,
 * compaction base) is written to two mirror files at the same offset, each with a CRC32C over its
 * 48-byte header and another over its body. Each mirror begins with a superblock region: two
 * checksummed copies (own sectors) of how far an earlier fsync made the file durable, rewritten
 * before every fsync that has something new to claim ({@code Superblock}). A message that depends
 * on a record is sent only once an fsync covering it completed <em>and</em> a later fsync made a
 * superblock vouching for it durable (group commit, one fsync of extra latency): so a synced
 * record damaged in both mirrors,
 * with every later write lost in a crash, is still known to have been synced. An fsync that fails
 * (EIO) is answered by writing the unsynced bytes (and superblock) again and syncing again. On restart:
 * <ul>
 * <li>a copy that fails its checksum or cannot be read is taken from the other mirror and rewritten;
 *     rot in both copies is repaired when one flipped bit, or a mix of the two copies, passes the CRC;</li>
 * <li>a record bad in both copies is crash debris (truncated) unless a superblock, a later record's
 *     {@code syncedThrough}, or a read error, proves it had reached the platter: then a vote's slot is
 *     marked damaged (no votes there and no promises until the chosen value is learned from peers and
 *     logged; promises then report that chosen value), a promise or round record still raises the
 *     promise or round its checksummed header names, and when even the header is gone the replica
 *     stays a non-voting learner (amnesiac);</li>
 * <li>a snapshot (state machine + session table) is kept in two alternating files; the WAL is
 *     compacted into a new generation below the older of the two, so losing the newer one loses
 *     no vote.</li>
 * </ul>
 *
 * <h2>Known limits</h2>
 * Lease reads assume clock drift below the margin (10% of the lease by default; a third of that
 * per clock, {@link io.paxsim.paxos.PaxosConfig#leaseDriftBoundPpm()}, so two clocks may drift
 * apart) and no clock jumps; the testbed's fault plans for leased variants keep to that unless a
 * fault list names clock-jump or clock-skew itself. An amnesiac replica never votes again (a rejoin protocol is not implemented); under the
 * fault atlas that leaves n-f voters. Damage to all four superblock copies and to a vouched
 * record in both mirrors at once is beyond the atlas: recovery would then cut that record.
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
