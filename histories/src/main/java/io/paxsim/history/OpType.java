package io.paxsim.history;

/** Jepsen's four operation types. */
public enum OpType {
    /** A client began an operation. */
    INVOKE,
    /** The operation certainly took effect. */
    OK,
    /** The operation certainly did not take effect. */
    FAIL,
    /** Indeterminate: the operation may or may not have taken effect, at any time after its invocation. */
    INFO;

    /** The EDN/JSON spelling: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name; returns null when the name is not one of the four. */
    public static OpType fromWireName(String name) {
        return switch (name) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> null;
        };
    }
}
