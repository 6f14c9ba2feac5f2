package io.paxsim.sim.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one round of independent state expansions. The runtime's own is sequential (simulated
 * code has no threads); a driver outside may spread a round over cores. Results must come back
 * in input order, which keeps the search, and its counts, the same for any number of threads.
 */
public interface LevelExecutor {
    <T, R> List<R> map(List<T> items, Function<T, R> task);

    LevelExecutor SEQUENTIAL = new LevelExecutor() {
        @Override
        public <T, R> List<R> map(List<T> items, Function<T, R> task) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(task.apply(item));
            }
            return out;
        }
    };
}
