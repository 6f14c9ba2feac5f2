package io.paxsim.testbed.pipeline;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.testbed.workload.CheckerNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The last stage: each checker a workload names, run on the recorded history (checkers never see
 * the simulator), plus the verdict of the protocol's online invariant monitors.
 */
final class Judge {
    private Judge() {
    }

    /** What the simulation itself concluded, for the invariants verdict. */
    record RunEnd(boolean stoppedByMonitor, String stopReason, boolean crashed) {
    }

    static List<Verdict> judge(List<String> checkerNames, History history, RunEnd end, Duration budget) {
        List<Verdict> verdicts = new ArrayList<>(checkerNames.size());
        for (String name : checkerNames) {
            verdicts.add(name.equals(CheckerNames.INVARIANTS) ? invariants(end) : check(name, history, budget));
        }
        return verdicts;
    }

    private static Verdict check(String name, History history, Duration budget) {
        Checker checker = checker(name);
        if (checker == null) {
            return new Verdict.Unknown(name, "checker '" + name + "' is not available in this build");
        }
        return checker.check(history, Budget.defaults().withWallClockTimeout(budget));
    }

    private static Checker checker(String name) {
        return CheckerRegistry.entries().containsKey(name) ? CheckerRegistry.create(name, CheckerOptions.defaults()) : null;
    }

    private static Verdict invariants(RunEnd end) {
        if (end.stoppedByMonitor()) {
            return new Verdict.Illegal(CheckerNames.INVARIANTS, "an invariant monitor stopped the run",
                    List.of(new Finding("invariant", "", end.stopReason(), List.of())));
        }
        if (end.crashed()) {
            return new Verdict.Unknown(CheckerNames.INVARIANTS, "the run crashed before it ended; monitors saw only a prefix");
        }
        return new Verdict.Ok(CheckerNames.INVARIANTS, "no invariant monitor fired");
    }
}
