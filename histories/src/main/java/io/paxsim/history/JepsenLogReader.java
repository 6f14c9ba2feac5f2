package io.paxsim.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the op lines of a Jepsen text log ({@code INFO  jepsen.util - 3\t:ok\t:read\t2}), the form
 * Porcupine's etcd test data uses; other lines are skipped. Each value is parsed with
 * {@code clojure.edn}. One convention follows Jepsen's etcd test rather than Knossos: there a
 * {@code :fail :cas} means the compare failed (etcd answered "no"), a definite outcome, so it is
 * read as an {@code :ok :cas} whose value is {@code false} (the register models treat that as
 * "the current value was not the expected one"). Timed-out ops ({@code :info ... :timed-out}) are
 * indeterminate as usual.
 */
public final class JepsenLogReader extends StreamingHistoryReader {
    private static final Pattern OP_LINE = Pattern.compile(
            "jepsen\\.util\\s+-\\s+(:?[\\w-]+)\\s+:(invoke|ok|fail|info)\\s+:([\\w-]+)\\s*(.*?)\\s*$");

    private final BufferedReader in;
    private long lineNumber;
    private long index;

    public JepsenLogReader(Reader source, ValueTyping typing) {
        super(typing);
        this.in = source instanceof BufferedReader b ? b : new BufferedReader(source);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    protected Op readRawOp() throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            lineNumber++;
            Matcher m = OP_LINE.matcher(text);
            if (m.find()) {
                startOp(lineNumber);
                return toOp(m);
            }
        }
        return null;
    }

    @Override
    protected HistoryException unreadable(Exception e) {
        return new HistoryException("unreadable log: " + e.getMessage(), lineNumber);
    }

    private Op toOp(Matcher m) {
        String actor = m.group(1);
        Value process = actor.startsWith(":") ? Value.kw(actor.substring(1)) : Value.of(Long.parseLong(actor));
        OpType type = OpType.fromWireName(m.group(2));
        String f = m.group(3);
        String[] rest = m.group(4).split("\t", 2);
        Value raw = rest[0].isEmpty() ? Value.NIL : parse(rest[0]);
        Value error = rest.length > 1 ? Value.of(rest[1].trim()) : null;
        if (raw instanceof Value.Kw k && type != OpType.INVOKE && type != OpType.OK) {
            error = k;
        }
        boolean client = process instanceof Value.Int;
        if (client && type == OpType.FAIL && f.equals("cas") && !(raw instanceof Value.Kw)) {
            type = OpType.OK;
            raw = new Value.Bool(false);
        }
        Value value = client && !(raw instanceof Value.Bool) ? typing.type(f, raw) : raw;
        return new Op(index++, -1, type, process, f, value, null, error);
    }

    private Value parse(String text) {
        try {
            return EdnHistoryReader.parseValue(text);
        } catch (HistoryException e) {
            return Value.of(text);
        }
    }
}
