package io.paxsim.testbed.bench;

import io.paxsim.history.History;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes histories in the two formats Porcupine's own tests read, so the same generated corpus
 * can be checked by paxsim and, side by side, by Porcupine: Jepsen etcd logs (register ops; a
 * failed cas is {@code :fail :cas [a b]}, a timeout {@code :info ... :timed-out}) and Porcupine's
 * kv text ({@code {:process 0, :type :invoke, :f :get, :key "k", :value nil}}).
 */
final class PorcupineFormats {
    private PorcupineFormats() {
    }

    static void writeJepsenLog(History history, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : history.ops()) {
                out.write("INFO  jepsen.util - " + op.clientProcess() + "\t:" + op.type().wireName() + "\t:" + op.f()
                        + "\t" + logValue(op) + "\n");
            }
        }
    }

    private static String logValue(Op op) {
        if (op.type() == OpType.INFO) {
            return ":timed-out";
        }
        if (op.f().equals("read") && op.type() == OpType.INVOKE) {
            return "nil";
        }
        return op.value() instanceof Value.Cas cas ? "[" + cas.expected() + " " + cas.next() + "]" : op.value().toString();
    }

    static void writeKvText(History history, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : history.ops()) {
                Value.Keyed kv = (Value.Keyed) op.value();
                String value = kv.value().isNil() ? "nil" : "\"" + ((Value.Str) kv.value()).value() + "\"";
                out.write("{:process " + op.clientProcess() + ", :type :" + op.type().wireName() + ", :f :" + op.f()
                        + ", :key \"" + ((Value.Str) kv.key()).value() + "\", :value " + value + "}\n");
            }
        }
    }
}
