package io.paxsim.checkers.elle;

import java.util.Arrays;
import java.util.List;

/** Tarjan's strongly connected components, iterative (a long chain of transactions must not overflow the stack). */
final class Tarjan {
    private Tarjan() {
    }

    /** Whether the graph has a cycle: a component of two or more vertices, or a self-loop. */
    static boolean hasNontrivialComponent(List<List<Integer>> adj) {
        int n = adj.size();
        int[] index = new int[n];
        int[] low = new int[n];
        int[] edgePos = new int[n];
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int[] callStack = new int[n];
        Arrays.fill(index, -1);
        int counter = 0;
        int sp = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] != -1) {
                continue;
            }
            int csp = 0;
            callStack[csp++] = root;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (csp > 0) {
                int v = callStack[csp - 1];
                List<Integer> out = adj.get(v);
                if (edgePos[v] < out.size()) {
                    int w = out.get(edgePos[v]++);
                    if (w == v) {
                        return true;
                    }
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        callStack[csp++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                csp--;
                if (csp > 0) {
                    int parent = callStack[csp - 1];
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == index[v]) {
                    if (stack[sp - 1] != v) {
                        return true;
                    }
                    onStack[v] = false;
                    sp--;
                }
            }
        }
        return false;
    }
}
