package io.paxsim.checkers;

/** What a read that returned nil means. */
public enum NilReads {
    /** nil is a value like any other (Porcupine's convention). */
    VALUE,
    /** nil matches any state (Knossos' register models). */
    UNCONSTRAINED
}
