/**
 * Checkers: a {@link io.paxsim.history.History} in, a {@link io.paxsim.checkers.Verdict} out
 * (OK / ILLEGAL with findings / UNKNOWN with a reason, never OK when out of budget). They know
 * nothing of the simulator.
 *
 * <p>By name, as the CLI and reports use them ({@link io.paxsim.checkers.CheckerRegistry}):
 * <pre>{@code
 * Checker lin = CheckerRegistry.create("cas-register",
 *         new CheckerOptions(Value.of(0), NilReads.VALUE));            // also register, kv, mutex, log, multi-register
 * Verdict v = lin.check(history, Budget.defaults());        // counts: steps and memo bytes, no clock
 * Checker elle = CheckerRegistry.create("list-append",
 *         CheckerOptions.defaults().withConsistencyModel("serializable")); // or rw-register
 * Checker durable = CheckerRegistry.create("set-full", CheckerOptions.defaults()); // or checksum
 * if (v instanceof Verdict.Illegal bad) {
 *     System.out.println(bad.describe());     // findings name the key, the ops and why
 * }
 * Map<String, Object> json = v.asMap();       // checker, status, summary, findings
 * }</pre>
 * Log workloads compute their chain with {@link io.paxsim.checkers.durability.LogChecksum}, the
 * same functions the checksum checker verifies with.
 *
 * <p>Where things live: the WGL search loop is {@code linear.WglSearch}; the models are in
 * {@code linear}; the dependency-graph builders are {@code elle.ListAppendChecker} and
 * {@code elle.RwRegisterChecker}, Elle's per-component cycle search is
 * {@code elle.SccAnalysis} and its anomaly/model rules {@code elle.ElleRules}.
 */
package io.paxsim.checkers;
