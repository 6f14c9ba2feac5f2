package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Map;
import java.util.TreeMap;

/**
 * A latency histogram that merges exactly across runs and reads back from JSON: log-linear buckets,
 * four per power of two (so a bucket's bounds are within 25% of each other), computed with integer
 * arithmetic only. Stored in a result row as {@code [[lowerBoundMicros, count], ...]}.
 */
public final class LatencyBuckets {
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private long total;

    /** The lower bound of the bucket {@code micros} falls in. */
    static long bucketOf(long micros) {
        if (micros < 4) {
            return Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        return (micros >> (exponent - 2)) << (exponent - 2);
    }

    public void record(long micros) {
        add(bucketOf(micros), 1);
    }

    private void add(long bucket, long n) {
        counts.merge(bucket, n, Long::sum);
        total += n;
    }

    public void addAll(LatencyBuckets other) {
        other.counts.forEach(this::add);
    }

    public long total() {
        return total;
    }

    /** The buckets in order: lower bound in microseconds → count. */
    public Map<Long, Long> counts() {
        return java.util.Collections.unmodifiableMap(counts);
    }

    public ArrayNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        counts.forEach((bucket, n) -> a.addArray().add(bucket).add(n));
        return a;
    }

    public static LatencyBuckets fromJson(JsonNode json) {
        LatencyBuckets b = new LatencyBuckets();
        if (json != null && json.isArray()) {
            for (JsonNode pair : json) {
                b.add(pair.path(0).asLong(), pair.path(1).asLong());
            }
        }
        return b;
    }
}
