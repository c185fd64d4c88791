#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <string>

#include "agent/eval/Factories.h"

namespace medsam::cli {

// CLI11's Range lets NaN through (every comparison with NaN is false): numbers from the command line are
// checked finite first, so "--tau nan" names the option instead of running with NaN.
inline CLI::Validator finiteNumber() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0') return "'" + text + "' is not a number";
            if (!std::isfinite(v)) return "'" + text + "' is not a finite number";
            return {};
        },
        "FINITE");
}

// The options `segment` and `eval` share: which policy drives which tool, and the backends' locations.
inline void addAgentOptions(CLI::App* sub, agent::AgentSpec& spec, int& maxTurns, unsigned& seed) {
    sub->add_option(
           "--policy", spec.policy,
           "expert (simulated annotator, needs a reference) | box (single-turn box baseline) | "
           "box-clicks (box + N centre clicks) | mllm (OpenAI-compatible server) | torch (TorchScript) | "
           "learned (the built-in trained policy) | learned@FILE (another trained policy file)")
        ->capture_default_str();
    sub->add_option(
           "--tool", spec.tool,
           "classical (weight-free default: classical-rw/4) | classical1 (classical-rw/1, the default before "
           "issue 13) | classical2 (classical-rw/2: region clicks, HU windows) | classical3 (classical-rw/3: "
           "models split partial volume at the tissue midpoint, CT rim answer first) | classical4 "
           "(classical-rw/4: a box answer that is a ring's hole becomes the ring) | sam (TorchScript SAM "
           "family)")
        ->capture_default_str();
    sub->add_option("--max-turns", maxTurns, "Prompt actions per episode (the paper: 5)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    sub->add_option("--seed", seed, "Seed of the expert's workflow, jitter and re-sampling")
        ->capture_default_str();
    sub->add_option("--box-clicks", spec.boxClicks, "Clicks after the box for --policy box-clicks")
        ->capture_default_str();
    sub->add_option("--server", spec.server,
                    "mllm: OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1");
    sub->add_option("--model", spec.model, "mllm: served model name (default: the server's first model)");
    sub->add_option("--timeout", spec.serverTimeoutS, "mllm: seconds each request attempt may take")
        ->capture_default_str()
        ->check(finiteNumber())
        ->check(CLI::Range(0.1, 3600.0));
    sub->add_option("--retries", spec.serverRetries,
                    "mllm: extra attempts after a connection error, timeout, HTTP 5xx/408/429")
        ->capture_default_str()
        ->check(CLI::Range(0, 10));
    sub->add_option("--max-reply-bytes", spec.maxReplyBytes,
                    "mllm: largest reply body accepted; a longer one is aborted with an error")
        ->capture_default_str()
        ->check(CLI::Range(1024LL, 1LL << 30));
    sub->add_option("--policy-file", spec.policyFile,
                    "torch: TorchScript policy file; learned: use this file instead of the built-in one");
    sub->add_option("--multimask", spec.multimask,
                    "auto | on | off: the tool's best of 3 masks by predicted IoU (the paper's evaluation) "
                    "or its single mask (its RL training); auto = on for --tool sam")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "on", "off"}));
    sub->add_option("--sam-model", spec.samModel, "sam: model folder (TorchScript files + spec)");
    sub->add_option("--tau", spec.expert.tau, "expert: least IoU gain an action must bring")
        ->capture_default_str()
        ->check(finiteNumber());
    sub->add_option("--resamples", spec.expert.maxResamples, "expert: re-samples before it stops")
        ->capture_default_str();
    sub->add_option("--box-ratio", spec.expert.boxToPointRatio,
                    "expert: share of box-to-point episodes (the rest are click-only)")
        ->capture_default_str()
        ->check(finiteNumber())
        ->check(CLI::Range(0.0, 1.0));
}

}  // namespace medsam::cli
