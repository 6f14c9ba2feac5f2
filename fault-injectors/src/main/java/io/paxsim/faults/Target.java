package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which replicas a fault hits. Symbolic targets resolve when the fault starts, through a
 * {@link ClusterView} and the entry's own random stream, so a schedule replays exactly. Explicit
 * targets name replicas by index into {@link ClusterView#replicas()}. The text form ({@link
 * #format}, {@link #parse}) is what JSON and the CLI use.
 */
public sealed interface Target {
    /**
     * Text form: {@code all}, {@code leader}, {@code followers}, {@code random-node}, {@code random-minority},
     * {@code random-count:K}, {@code random-followers:K}, {@code follower-group:SEED:FROM:COUNT}, {@code nodes:I,J}.
     */
    String format();

    /** Replica indices (into {@code replicaCount} replicas) this target selects, sorted. */
    int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random);

    /** Every replica. */
    record All() implements Target {
        @Override
        public String format() {
            return "all";
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            return range(replicaCount);
        }
    }

    /** The current leader; a random replica when there is none (the trace says so). */
    record Leader() implements Target {
        @Override
        public String format() {
            return "leader";
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            return new int[] {leaderIndex >= 0 ? leaderIndex : random.nextInt(replicaCount)};
        }
    }

    /** Every replica but the current leader; all but a random one when there is no leader. */
    record Followers() implements Target {
        @Override
        public String format() {
            return "followers";
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            if (replicaCount < 2) {
                return range(replicaCount);
            }
            int spared = leaderIndex >= 0 ? leaderIndex : random.nextInt(replicaCount);
            int[] ids = new int[replicaCount - 1];
            for (int i = 0, j = 0; i < replicaCount; i++) {
                if (i != spared) {
                    ids[j++] = i;
                }
            }
            return ids;
        }
    }

    record RandomNode() implements Target {
        @Override
        public String format() {
            return "random-node";
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            return pick(replicaCount, 1, random);
        }
    }

    /** Between 1 and f of the 2f+1 replicas (one when there are fewer than three). */
    record RandomMinority() implements Target {
        @Override
        public String format() {
            return "random-minority";
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            int f = Math.max(1, (replicaCount - 1) / 2);
            return pick(replicaCount, 1 + random.nextInt(f), random);
        }
    }

    /** {@code count} distinct random replicas (all of them if there are fewer). */
    record RandomCount(int count) implements Target {
        public RandomCount {
            if (count < 1) {
                throw new IllegalArgumentException("random-count needs a count >= 1: " + count);
            }
        }

        @Override
        public String format() {
            return "random-count:" + count;
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            return pick(replicaCount, Math.min(count, replicaCount), random);
        }
    }

    /**
     * {@code count} distinct random replicas other than the current leader (fewer if there are not
     * enough); any replicas when there is no leader.
     */
    record RandomFollowers(int count) implements Target {
        public RandomFollowers {
            if (count < 1) {
                throw new IllegalArgumentException("random-followers needs a count >= 1: " + count);
            }
        }

        @Override
        public String format() {
            return "random-followers:" + count;
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            if (leaderIndex < 0 || replicaCount < 2) {
                return pick(replicaCount, Math.min(count, replicaCount), random);
            }
            int[] picked = pick(replicaCount - 1, Math.min(count, replicaCount - 1), random);
            for (int i = 0; i < picked.length; i++) {
                picked[i] += picked[i] >= leaderIndex ? 1 : 0;
            }
            Arrays.sort(picked);
            return picked;
        }
    }

    /**
     * Followers {@code from .. from+count-1} of the current followers in a random order fixed by
     * {@code orderSeed}: entries of one episode that share the seed hit disjoint groups of followers
     * (some lose the leader, another restarts), whoever leads. Fewer when there are not enough.
     */
    record FollowerGroup(long orderSeed, int from, int count) implements Target {
        public FollowerGroup {
            if (from < 0 || count < 1) {
                throw new IllegalArgumentException("follower-group needs from >= 0 and count >= 1: " + from + ", " + count);
            }
        }

        @Override
        public String format() {
            return "follower-group:" + orderSeed + ":" + from + ":" + count;
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            List<Integer> followers = new ArrayList<>();
            for (int i = 0; i < replicaCount; i++) {
                if (i != leaderIndex) {
                    followers.add(i);
                }
            }
            RandomStream.derive(orderSeed, "follower-group").shuffle(followers);
            int end = Math.min(followers.size(), from + count);
            int start = Math.min(from, Math.max(0, end - 1));
            int[] ids = new int[end - start];
            for (int i = start; i < end; i++) {
                ids[i - start] = followers.get(i);
            }
            Arrays.sort(ids);
            return ids;
        }
    }

    /** Exactly these replica indices (the form the fault atlas requires for storage faults). */
    record Nodes(int[] indices) implements Target {
        public Nodes {
            if (indices.length == 0) {
                throw new IllegalArgumentException("nodes: needs at least one replica index");
            }
            indices = indices.clone();
            Arrays.sort(indices);
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || (i > 0 && indices[i] == indices[i - 1])) {
                    throw new IllegalArgumentException("nodes: indices must be distinct and >= 0: "
                            + Arrays.toString(indices));
                }
            }
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        @Override
        public String format() {
            StringBuilder s = new StringBuilder("nodes:");
            for (int i = 0; i < indices.length; i++) {
                s.append(i == 0 ? "" : ",").append(indices[i]);
            }
            return s.toString();
        }

        @Override
        public int[] resolveIndices(int replicaCount, int leaderIndex, RandomStream random) {
            if (indices[indices.length - 1] >= replicaCount) {
                throw new IllegalArgumentException("target " + format() + " names a replica beyond the "
                        + replicaCount + " in this cluster");
            }
            return indices.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Nodes other && Arrays.equals(indices, other.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return format();
        }
    }

    static Target parse(String text) {
        String t = text.trim();
        switch (t) {
            case "all":
                return new All();
            case "leader":
                return new Leader();
            case "followers":
                return new Followers();
            case "random-node":
                return new RandomNode();
            case "random-minority":
                return new RandomMinority();
            default:
                break;
        }
        try {
            if (t.startsWith("random-count:")) {
                return new RandomCount(Integer.parseInt(t.substring("random-count:".length())));
            }
            if (t.startsWith("random-followers:")) {
                return new RandomFollowers(Integer.parseInt(t.substring("random-followers:".length())));
            }
            if (t.startsWith("follower-group:")) {
                String[] parts = t.substring("follower-group:".length()).split(":", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException("follower-group target needs SEED:FROM:COUNT: '" + text + "'");
                }
                return new FollowerGroup(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
            if (t.startsWith("nodes:")) {
                String[] parts = t.substring("nodes:".length()).split(",");
                int[] ids = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    ids[i] = Integer.parseInt(parts[i].trim());
                }
                return new Nodes(ids);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in target '" + text + "'");
        }
        throw new IllegalArgumentException("unknown target '" + text
                + "' (use all, leader, followers, random-node, random-minority, random-count:K, random-followers:K, follower-group:SEED:FROM:COUNT or nodes:I,J)");
    }

    private static int[] range(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    /** {@code k} distinct indices of {@code n}, sorted, by a partial Fisher-Yates shuffle. */
    private static int[] pick(int n, int k, RandomStream random) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        int[] chosen = new int[k];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            Integer tmp = all.get(i);
            all.set(i, all.get(j));
            all.set(j, tmp);
            chosen[i] = all.get(i);
        }
        Arrays.sort(chosen);
        return chosen;
    }
}
