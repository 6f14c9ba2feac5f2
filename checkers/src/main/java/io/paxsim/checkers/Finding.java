package io.paxsim.checkers;

import java.util.List;
import java.util.Objects;

/**
 * One reason a history is invalid.
 *
 * @param kind    a stable name: an Elle anomaly ({@code G1c}, {@code G-single-item-realtime}), or
 *                {@code nonlinearizable}, {@code lost}, {@code duplicate}, {@code corrupt} ...
 * @param key     the key / partition / stream it concerns, or "" when it concerns the whole history
 * @param message what is wrong, in words, naming the ops
 * @param ops     the history indices ({@code :index}) of the ops involved
 */
public record Finding(String kind, String key, String message, List<Long> ops) {
    public Finding {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(key);
        Objects.requireNonNull(message);
        ops = List.copyOf(ops);
    }

    public String describe() {
        return kind + (key.isEmpty() ? "" : " [key " + key + "]") + ": " + message;
    }
}
