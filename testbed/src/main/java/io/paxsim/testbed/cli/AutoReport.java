package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.report.RunReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The report written on its own after a failing run, replay or shrink; a report that cannot be written never changes the verdict. */
final class AutoReport {
    private AutoReport() {
    }

    static void write(PrintWriter out, Path dir, RunResult r, Supplier<Pipeline> pipelines) {
        try {
            RunReport.Written w = RunReport.write(dir, r, pipelines, RunReport.Options.defaults());
            if (out != null) {
                out.printf("  report      %s%n", w.describe());
            }
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                out.printf("  report      not written: %s (try ./paxsim report %s)%n", e.getMessage(), dir);
            }
        }
        if (out != null) {
            out.flush();
        }
    }
}
