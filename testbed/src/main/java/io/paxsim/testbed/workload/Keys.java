package io.paxsim.testbed.workload;

/** Key naming shared by the workloads, so histories read naturally ({@code x0}, {@code user17}). */
final class Keys {
    private Keys() {
    }

    static String register(int index) {
        return "x" + index;
    }

    static String list(long index) {
        return "l" + index;
    }

    static String user(int index) {
        return "user" + index;
    }
}
