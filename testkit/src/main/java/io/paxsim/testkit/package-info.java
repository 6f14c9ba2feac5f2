/**
 * Property-based tests over paxsim simulations, for the Paxos log and for your own protocols.
 *
 * <ul>
 *   <li>{@link io.paxsim.testkit.SimRun}: one run as data (seed, cluster size, variant, workload,
 *       length, fault schedule), what a property receives and jqwik shrinks.</li>
 *   <li>{@link io.paxsim.testkit.SimArbitraries}: arbitraries for seeds, cluster sizes, variants,
 *       workloads and fault schedules (from a {@link io.paxsim.testkit.FaultMenu}).</li>
 *   <li>{@link io.paxsim.testkit.SimProperty}: {@code @Property} with {@code -Dpaxsim.tries},
 *       {@code -Dpaxsim.seed}, a fixed seed under {@code CI=true}, and failures that print the shrunk
 *       run and its replay.</li>
 *   <li>{@link io.paxsim.testkit.SimHarness}: runs a {@code SimRun} through the pipeline and
 *       asserts every checker and monitor; {@code paxos()} or {@code forProtocol(yourReplicaFactory)}.</li>
 *   <li>{@link io.paxsim.testkit.Sometimes} and {@link io.paxsim.testkit.Coverage}: goals a suite
 *       must reach at least once, asserted after the suite.</li>
 * </ul>
 */
package io.paxsim.testkit;
