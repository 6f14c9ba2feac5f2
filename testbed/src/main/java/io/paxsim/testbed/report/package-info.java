/**
 * The visual run report: {@code report.html}, one self-contained page per run directory or history.
 *
 * <p>Entry points: {@link io.paxsim.testbed.report.RunReport#write(java.nio.file.Path)} for any run
 * directory (run, replay, shrink, or an explorer's counterexample written with
 * {@link io.paxsim.testbed.output.RunFiles}); {@code RunReport.write(dir, result, pipelines, options)}
 * right after a run in this process; {@code RunReport.writeHistory} for a bare history and its verdicts.
 *
 * <p>What goes in: the history packed as columns ({@link io.paxsim.testbed.report.ReportData}), fault
 * periods from the history's nemesis ops, leader changes and crashes from metrics.json's
 * {@code nodeEvents} ({@link io.paxsim.testbed.metrics.NodeEventLog}), each verdict with its
 * {@link io.paxsim.checkers.Finding.Explanation}, and a capped trace window
 * ({@link io.paxsim.testbed.report.TraceWindow}) obtained by re-running the seed to the window's end.
 * The page's script (resources {@code report.js}) draws it all in SVG, only what is in view.
 */
package io.paxsim.testbed.report;
