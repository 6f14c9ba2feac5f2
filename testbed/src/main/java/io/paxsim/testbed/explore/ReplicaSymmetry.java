package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;

import java.util.ArrayList;
import java.util.List;

/**
 * Symmetry reduction over replica ids, where it is sound: a state's fingerprint is the least of
 * the fingerprints of its renamings by the permutations of the interchangeable replicas, so the
 * search visits one state per class of renamed states.
 *
 * <p>Which replicas are interchangeable. A ballot is (round, replica id) and equal rounds are
 * ordered by id, so a replica that may mint a ballot is never renamed: only replicas outside
 * {@code --candidates}, and never the one {@code --client-to} addresses (its clients' requests
 * single it out). With clients but without {@code --client-to}, a client offers a send to each
 * replica in id order (a list whose order renaming cannot reproduce), so no replica is
 * interchangeable. With slow disks (fsyncs not at once) none is either: a replica holds back the
 * sends and observations that wait for an fsync in a list, in the order it made them, which for a
 * broadcast is peer-id order (renaming a state with such a list gave a state the renamed run never
 * reaches; {@code NodeIdAuditTest} walks slow disks for this reason). The replica
 * code was read for anything else that orders peers by id (see README, "Model checking"): broadcast
 * loops only order sends (the in-flight set is a multiset, and fifo links order per link),
 * quorums count sets, a promise merge keeps the first of two equal ballots (equal ballots carry one
 * value unless one-value-per-ballot already failed), and compaction is off in explored configs.
 * A ballot or monitor entry that names a renamed replica makes the hasher throw rather than merge
 * ({@link io.paxsim.sim.NodeIds.Shape#ORDERING}).
 *
 * <p>Not for the eventually check (its continuation lets every replica start elections) nor for
 * sleep sets (their action names are not renamed): the command refuses the first and switches the
 * second off.
 */
public final class ReplicaSymmetry implements StateHasher {
    /** Larger groups would need a canonical form cheaper than one walk per permutation. */
    static final int MAX_INTERCHANGEABLE = 5;

    private final StructuralHasher base;
    private final List<int[]> permutations;

    public ReplicaSymmetry(StructuralHasher base, List<int[]> permutations) {
        this.base = base;
        this.permutations = List.copyOf(permutations);
    }

    /** With the permutations {@link #permutations} allows for {@code spec}. */
    public static ReplicaSymmetry of(StructuralHasher base, PaxosExploreModel.Spec spec) {
        return new ReplicaSymmetry(base, permutations(spec));
    }

    /** The replicas that may be renamed among themselves under {@code spec}, in id order. */
    public static List<Integer> interchangeable(PaxosExploreModel.Spec spec) {
        List<Integer> out = new ArrayList<>();
        int target = spec.restrictions().clientTarget();
        if (target < 0 && spec.clients() > 0 || !spec.restrictions().fsyncAtOnce()) {
            return out;
        }
        for (int r = 0; r < spec.nodes(); r++) {
            if (!spec.restrictions().mayCandidate(r) && r != target) {
                out.add(r);
            }
        }
        return out.size() >= 2 ? out : List.of();
    }

    /**
     * Every permutation of all node ids (replicas and clients) that moves only interchangeable
     * replicas, the identity excepted.
     */
    public static List<int[]> permutations(PaxosExploreModel.Spec spec) {
        List<Integer> movable = interchangeable(spec);
        if (movable.size() > MAX_INTERCHANGEABLE) {
            throw new IllegalArgumentException("--symmetry: " + movable.size() + " interchangeable replicas; at most "
                    + MAX_INTERCHANGEABLE + " are supported");
        }
        int nodeCount = spec.nodes() + spec.clients();
        List<int[]> out = new ArrayList<>();
        permute(movable, new int[movable.size()], new boolean[movable.size()], 0, nodeCount, out);
        return out;
    }

    private static void permute(List<Integer> movable, int[] chosen, boolean[] used, int k, int nodeCount, List<int[]> out) {
        if (k == movable.size()) {
            int[] perm = new int[nodeCount];
            boolean identity = true;
            for (int i = 0; i < nodeCount; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < movable.size(); i++) {
                perm[movable.get(i)] = movable.get(chosen[i]);
                identity &= chosen[i] == i;
            }
            if (!identity) {
                out.add(perm);
            }
            return;
        }
        for (int j = 0; j < movable.size(); j++) {
            if (!used[j]) {
                used[j] = true;
                chosen[k] = j;
                permute(movable, chosen, used, k + 1, nodeCount, out);
                used[j] = false;
            }
        }
    }

    /** The permutations tried besides the identity. */
    public List<int[]> permutations() {
        return permutations;
    }

    /**
     * The least fingerprint over the state and its renamings, all by the reflective walk (the state
     * itself too: {@code hash(world, null)}), so that the values compared are of one kind.
     */
    @Override
    public long hash(World world) {
        long least = base.hash(world, null);
        for (int[] perm : permutations) {
            least = Math.min(least, base.hash(world, perm));
        }
        return least;
    }

    @Override
    public long valueHash(Object value) {
        return base.valueHash(value);
    }

    @Override
    public long valueHash(World world, Object value) {
        return base.valueHash(world, value);
    }

    @Override
    public boolean valueHashReadsOnlyNow() {
        return base.valueHashReadsOnlyNow();
    }
}
