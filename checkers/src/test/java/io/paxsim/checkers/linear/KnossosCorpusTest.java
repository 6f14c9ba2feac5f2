package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every public Knossos history, with the verdict Knossos' own tests expect. */
class KnossosCorpusTest {
    /** One corpus file and how Knossos checks it. */
    record Case(Path file, String model, Value init, boolean linearizable) {
        Verdict check() {
            try {
                History h = HistoryReader.read(file);
                return Models.checker(model, new CheckerOptions(init, NilReads.UNCONSTRAINED)).check(h);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Path root() {
        try {
            return Path.of(KnossosCorpusTest.class.getResource("/knossos/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases() throws IOException {
        Path root = root();
        Value multiInit = new Value.Dict(Map.of(Value.kw("x"), Value.of(0), Value.kw("y"), Value.of(0)));
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".edn")).sorted().map(p -> {
                String rel = root.relativize(p).toString();
                String model = rel.substring(0, rel.indexOf('/'));
                Value init = model.equals("multi-register") ? multiInit : model.equals("mutex") ? null : Value.of(0);
                return new Case(p, model, init, rel.contains("/good/"));
            }).toList();
        }
    }

    @Test
    void corpusIsComplete() throws IOException {
        List<Case> all = cases();
        assertEquals(122, all.size());
        assertEquals(8, all.stream().filter(c -> !c.linearizable()).count());
    }

    @TestFactory
    Stream<DynamicTest> everyHistoryGetsKnossosVerdict() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(root().relativize(c.file()).toString(), () -> {
            Verdict v = c.check();
            if (c.linearizable()) {
                assertInstanceOf(Verdict.Ok.class, v, v::describe);
            } else {
                Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v, v::describe);
                assertTrue(illegal.findings().get(0).message().contains("longest linearizable prefix"));
            }
        }));
    }
}
