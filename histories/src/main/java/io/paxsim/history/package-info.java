/**
 * Jepsen-style operation histories: ops, typed values, validation and pairing, EDN and JSON-lines I/O.
 *
 * <p>Recording a history from simulation code:
 * <pre>{@code
 * HistoryRecorder rec = new HistoryRecorder();
 * rec.invoke(1_000, 0, "write", Value.of(3));
 * rec.invoke(1_500, 1, "read", Value.NIL);
 * rec.ok(2_000, 0, Value.of(3));
 * rec.ok(2_500, 1, Value.of(3));
 * rec.invoke(3_000, 2, "cas", Value.cas(3, 4));
 * rec.info(9_000, 2, Value.cas(3, 4));           // timed out: may or may not have happened
 * rec.invoke(4_000, 3, "txn", Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", null)));
 * rec.ok(5_000, 3, Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", 1)));
 * History history = rec.history();               // validated; history.calls() pairs invoke/completion
 * }</pre>
 * A recorder on a hot path can spell values instead of building them — the same history, no
 * objects per op: {@code rec.invoke(t, 4, "read", rec.values().keyed().keyword("x0").nil())}.
 *
 * <p>Reading and writing files:
 * <pre>{@code
 * History h = HistoryReader.read(Path.of("history.edn"));   // format detected, Jepsen value typing
 * try (EdnHistoryWriter out = new EdnHistoryWriter(Files.newBufferedWriter(path))) {
 *     out.writeAll(h.ops());
 * }
 * }</pre>
 * {@code HistoryReader.read} (Jepsen typing, EDN or JSON lines) scans the bytes straight into the
 * compact columns ({@code ColumnarHistoryReader}): ops of integers, names, plain ASCII strings,
 * integer lists and {@code [f k v]} transactions are encoded as they are scanned, with no op or value
 * object in between; any other op (escapes, maps, sets, tags, floats, unknown fields, bad input) is
 * read again from its first byte by the general reader of its format, so both give the same history
 * and the same error (a property test damages text at random and compares them). Iterating ops
 * ({@code HistoryReader.open}) uses the general readers:
 * EDN is parsed one op at a time by a hand-written streaming parser for the EDN Jepsen writes
 * ({@link io.paxsim.history.EdnParser}), which builds ops directly; a form only {@code clojure.edn}
 * reads (characters, ratios, big numbers, {@code #inst}) is handed to it, so Clojure starts only for
 * such a file. JSON lines are read token by token with Jackson. Every reader decodes UTF-8 strictly
 * and caps nesting, and rejects a duplicate or backwards {@code :index}, a process's {@code :time}
 * going backwards and a client {@code :write} without {@code :value}: one line, naming the line.
 * Porcupine's kv files ({@code :key} beside {@code :value}) read as {@link io.paxsim.history.Value.Keyed}
 * values; a {@code .txt} file's format is sniffed from its content. {@code paxsim bench histories}
 * measures reading speed.
 *
 * <p>Memory: a {@link io.paxsim.history.History} is compact columns ({@code OpColumns}: type, flags,
 * function id, process, time per op in primitive arrays, each op's value encoded exactly into one
 * byte arena by {@code ValueCodec}), about 55 bytes per op for a register history and 130 for
 * list-append (reads of whole lists), against 155 and 465 as {@link io.paxsim.history.Op} records.
 * The recorder and the readers write straight into the columns; {@code ops()} and {@code calls()}
 * are views that build an op or call when asked for, a new object each time, so a consumer that
 * needs one several times keeps it, and one that needs few fields reads positions from
 * {@link io.paxsim.history.Call}.
 */
package io.paxsim.history;
