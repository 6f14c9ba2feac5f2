package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.StandardPipeline;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** What every command that runs the pipeline holds: the pipeline to build (tests swap in a toy one) and its picocli spec. */
abstract class PipelineCommandBase implements PipelineCommand {
    private Supplier<Pipeline> pipelines = StandardPipeline::create;

    @Spec
    CommandSpec spec;

    @Override
    public final void usePipeline(Supplier<Pipeline> p) {
        this.pipelines = p;
    }

    /** A fresh pipeline to run. */
    final Pipeline newPipeline() {
        return pipelines.get();
    }

    /** Where the command's report goes. */
    final PrintWriter stdout() {
        return spec.commandLine().getOut();
    }
}
