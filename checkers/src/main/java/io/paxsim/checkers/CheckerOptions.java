package io.paxsim.checkers;

import io.paxsim.history.Value;

import java.util.Objects;

/**
 * Options a model-based checker is built with.
 *
 * @param init     the model's initial state; null means the model's own default (nil / empty / free)
 * @param nilReads what a nil read means
 */
public record CheckerOptions(Value init, NilReads nilReads) {
    public CheckerOptions {
        Objects.requireNonNull(nilReads);
    }

    public static CheckerOptions defaults() {
        return new CheckerOptions(null, NilReads.VALUE);
    }

    public CheckerOptions withInit(Value newInit) {
        return new CheckerOptions(newInit, nilReads);
    }

    public CheckerOptions withNilReads(NilReads newNilReads) {
        return new CheckerOptions(init, newNilReads);
    }
}
