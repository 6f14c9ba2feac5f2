package io.paxsim.testbed.sweep;

import java.util.Map;

/** Shard {@code index} of {@code count}: it runs the cells whose number is {@code index} modulo {@code count}. */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);
    /** Set by a Kubernetes Indexed Job in each pod. */
    public static final String K8S_INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** The shard count to go with {@link #K8S_INDEX_ENV} (an Indexed Job's completions). */
    public static final String COUNT_ENV = "PAXSIM_SHARDS";

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": need 0 <= i < n");
        }
    }

    /** Parses {@code i/n}. @throws IllegalArgumentException on anything else */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard '" + text + "': expected i/n, e.g. 0/4");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard '" + text + "': expected i/n with whole numbers, e.g. 0/4");
        }
    }

    /**
     * The shard from the environment: {@value #K8S_INDEX_ENV} and a count ({@code --shards} or
     * {@value #COUNT_ENV}); {@link #WHOLE} when no index is set.
     */
    public static Shard fromEnvironment(Map<String, String> env, Integer shardsOption) {
        String index = env.get(K8S_INDEX_ENV);
        if (index == null || index.isBlank()) {
            if (shardsOption != null) {
                throw new IllegalArgumentException("--shards needs " + K8S_INDEX_ENV + " set (or give --shard i/n)");
            }
            return WHOLE;
        }
        String count = shardsOption != null ? shardsOption.toString() : env.get(COUNT_ENV);
        if (count == null || count.isBlank()) {
            throw new IllegalArgumentException(K8S_INDEX_ENV + "=" + index + " is set but the shard count is not: give --shards N or set "
                    + COUNT_ENV);
        }
        return parse(index.trim() + "/" + count.trim());
    }

    public boolean whole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
