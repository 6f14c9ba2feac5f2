package io.paxsim.checkers;

import io.paxsim.history.Value;

import java.util.Objects;

/**
 * Options a model-based checker is built with.
 *
 * @param init     the model's initial state; null means the model's own default (nil / empty / free)
 * @param nilReads what a nil read means
 * @param consistencyModel for transactional checkers: {@code strict-serializable} (default),
 *                         {@code serializable} or {@code snapshot-isolation}
 */
public record CheckerOptions(Value init, NilReads nilReads, String consistencyModel) {
    public CheckerOptions {
        Objects.requireNonNull(nilReads);
        Objects.requireNonNull(consistencyModel);
    }

    public CheckerOptions(Value init, NilReads nilReads) {
        this(init, nilReads, "strict-serializable");
    }

    public static CheckerOptions defaults() {
        return new CheckerOptions(null, NilReads.VALUE);
    }

    public CheckerOptions withInit(Value newInit) {
        return new CheckerOptions(newInit, nilReads, consistencyModel);
    }

    public CheckerOptions withNilReads(NilReads newNilReads) {
        return new CheckerOptions(init, newNilReads, consistencyModel);
    }

    public CheckerOptions withConsistencyModel(String newConsistencyModel) {
        return new CheckerOptions(init, nilReads, newConsistencyModel);
    }
}
