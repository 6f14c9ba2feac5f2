package io.paxsim.testbed.explore;

import io.paxsim.sim.Event;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.SimDisk;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fingerprint names a live fsync by its barrier's rank among its disk's pending op sequences.
 * {@code StructuralHasher} takes that rank from {@link SimDisk#pendingOpsThrough} (a count, no
 * reflection); it was a binary search over the pending sequences read reflectively and sorted.
 * Both the fast and the reference fingerprints name fsyncs through the same code, so a hash
 * comparison could not tell a wrong rank: this checks the count against the old definition on
 * every live fsync of walks with slow disks and crashes.
 */
class FsyncBarrierRankTest {
    @Test
    void pendingOpsThroughABarrierIsItsRankAmongThePendingSequences() throws ReflectiveOperationException {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 2, 2, "majority", "none", 2, 1));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(2, 1, 1);
        int checked = 0;
        int inside = 0; // ranks strictly between none and all pending ops: the count is not trivially 0 or all
        for (long walk = 0; walk < 40; walk++) {
            RandomStream random = RandomStream.derive(walk, "fsync-barrier-rank-test");
            World world = new World(model, options);
            for (int step = 0; step < 60 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                Simulation sim = world.simulation();
                for (Event e : world.pendingEvents()) {
                    if (e instanceof Event.FsyncDone f && sim.fsyncPending(f)) {
                        long[] sorted = pendingSequences(sim.disk(f.node()));
                        long expected = rank(sorted, f.barrier());
                        assertEquals(expected, sim.disk(f.node()).pendingOpsThrough(f.barrier()),
                                "walk " + walk + ", step " + step + ", fsync " + f);
                        checked++;
                        inside += expected > 0 && expected < sorted.length ? 1 : 0;
                    }
                }
                world.apply(random.choice(world.enabled()));
            }
        }
        assertTrue(checked > 500, "live fsyncs checked: " + checked);
        assertTrue(inside > 20, "fsyncs with pending ops on both sides of their barrier: " + inside);
    }

    /** The old definition: a binary search for the barrier among the sorted sequences. */
    private static long rank(long[] sorted, long sequence) {
        int i = Arrays.binarySearch(sorted, sequence);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Every pending op's sequence number on {@code disk}, sorted (read as the reflective walk reads them). */
    private static long[] pendingSequences(SimDisk disk) throws ReflectiveOperationException {
        List<Long> seqs = new ArrayList<>();
        for (Object file : ((Map<?, ?>) read(disk, "files")).values()) {
            for (Object op : (List<?>) read(file, "pending")) {
                seqs.add((Long) read(op, "sequence"));
            }
        }
        return seqs.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static Object read(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
