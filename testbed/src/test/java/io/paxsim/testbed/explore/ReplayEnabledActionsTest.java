package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.sim.explore.World;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replaying a recorded action list takes only actions the model enables at each step. */
class ReplayEnabledActionsTest {
    /**
     * A recorded action list naming an action the model does not enable (a client's request timeout
     * before faults stop, say: a build numbering events differently points a recording's timer at it)
     * is refused, not applied: applied, it failed the client's handler and replay reported that as a
     * violation of the log.
     */
    @Test
    void replayRefusesAnActionTheModelDoesNotEnable() {
        PaxosExploreModel model = ExploreTest.writeModel();
        ExploreOptions options = ExploreOptions.defaults();
        World initial = Explorer.replay(model, options, List.of()).world();
        Action retry = null;
        for (long seq = 0; seq < 64 && retry == null; seq++) {
            Action fire = new Action.FireTimer(seq);
            try {
                retry = initial.describe(fire).contains("Retry") ? fire : null;
            } catch (RuntimeException notAPendingTimer) {
                // no pending timer has this number
            }
        }
        assertTrue(retry != null, "the client's request timeout is pending from the start");
        assertTrue(!initial.enabled().contains(retry), "a request timeout is not enabled before faults stop");
        List<Action> path = List.of(retry);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(model, options, path));
        assertTrue(e.getMessage().contains("not enabled"), e.getMessage());
    }
}
