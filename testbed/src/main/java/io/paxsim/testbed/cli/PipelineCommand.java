package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;

import java.util.function.Supplier;

/** A command that runs the pipeline; tests hand it one with a small system under test. */
interface PipelineCommand {
    void usePipeline(Supplier<Pipeline> pipelines);
}
