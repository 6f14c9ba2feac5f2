package io.paxsim.sim;

/** Makes a node's volatile half; called at first start and again at every restart. */
@FunctionalInterface
public interface NodeFactory {
    Node create(int nodeId);
}
