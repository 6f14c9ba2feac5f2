package io.paxsim.sim;

import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.disk.SimDisk;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.random.Randomness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultPointsAndFingerprintTest {
    @Test
    void faultPointsAreOffUntilEnabledAndDeterministicPerName() {
        FaultPoints points = new FaultPoints(new Randomness(5));
        assertFalse(points.reach("slow-path"));
        points.enable(1.0, 0.5);
        int fired = 0;
        for (int i = 0; i < 1000; i++) {
            fired += points.reach("slow-path") ? 1 : 0;
        }
        assertTrue(fired > 400 && fired < 600, "fires about half the time: " + fired);
        assertEquals(Map.of("slow-path", (long) fired), points.firedCounts());
        points.disable();
        assertFalse(points.reach("slow-path"));

        FaultPoints again = new FaultPoints(new Randomness(5));
        again.enable(1.0, 0.5);
        int firedAgain = 0;
        for (int i = 0; i < 1000; i++) {
            firedAgain += again.reach("slow-path") ? 1 : 0;
        }
        assertEquals(fired, firedAgain);
        assertThrows(IllegalArgumentException.class, () -> points.enable(2, 0));
    }

    @Test
    void addingAFaultPointDoesNotShiftAnotherPointsDraws() {
        FaultPoints alone = new FaultPoints(new Randomness(9));
        FaultPoints mixed = new FaultPoints(new Randomness(9));
        alone.enable(1.0, 0.3);
        mixed.enable(1.0, 0.3);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            a.append(alone.reach("p") ? 1 : 0);
            mixed.reach("newcomer");
            b.append(mixed.reach("p") ? 1 : 0);
        }
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void diskFingerprintDependsOnContentNotOnHowItGotThere() {
        DiskConfig config = DiskConfig.defaults();
        SimDisk direct = new SimDisk(config, RandomStream.derive(1, "a"));
        SimDisk roundabout = new SimDisk(config, RandomStream.derive(2, "b"));
        direct.write("f", 0, new byte[] {1, 2, 3});
        roundabout.write("f", 0, new byte[] {9, 9, 9, 9});
        roundabout.truncate("f", 0);
        roundabout.write("f", 1, new byte[] {2, 3});
        roundabout.write("f", 0, new byte[] {1});
        direct.completeFsync("f", direct.beginFsync("f"));
        roundabout.completeFsync("f", roundabout.beginFsync("f"));
        assertEquals(direct.fingerprint(), roundabout.fingerprint());
        roundabout.rotBit("f", 2, 0);
        assertNotEquals(direct.fingerprint(), roundabout.fingerprint());
    }

    @Test
    void simulationFingerprintCoversNodeStatus() {
        Simulation sim = ScriptedNode.build(1, 2, new ScriptedNode.Log(2), b -> { });
        sim.start();
        long up = sim.stateFingerprint();
        assertEquals(up, sim.stateFingerprint(), "stable when nothing changes");
        sim.pause(1);
        assertNotEquals(up, sim.stateFingerprint());
        sim.resume(1);
        assertEquals(up, sim.stateFingerprint());
    }
}
