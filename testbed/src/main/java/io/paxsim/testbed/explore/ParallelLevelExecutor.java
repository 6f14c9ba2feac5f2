package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.LevelExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Spreads one search round's expansions over threads (the simulated packages may not use threads,
 * so this lives in the testbed). Each expansion re-executes its own worlds, so they share nothing
 * but the read-only visited table; results come back in input order, so the merge into the
 * visited set, and every count, is the same as with one thread.
 */
public final class ParallelLevelExecutor implements LevelExecutor, AutoCloseable {
    /** The name of every worker thread (explore's CPU figure finds them by it). */
    public static final String THREAD_NAME = "paxsim-explore";

    private final ExecutorService pool;
    private final int threads;

    public ParallelLevelExecutor(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T, R> List<R> map(List<T> items, Function<T, R> task) {
        if (items.size() < 2 * threads) {
            return SEQUENTIAL.map(items, task);
        }
        int chunk = Math.max(1, items.size() / (threads * 8));
        List<Future<List<R>>> futures = new ArrayList<>();
        for (int start = 0; start < items.size(); start += chunk) {
            List<T> slice = items.subList(start, Math.min(items.size(), start + chunk));
            futures.add(pool.submit(() -> SEQUENTIAL.map(slice, task)));
        }
        List<R> out = new ArrayList<>(items.size());
        try {
            for (Future<List<R>> f : futures) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
