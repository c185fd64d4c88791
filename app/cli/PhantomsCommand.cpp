#include <cstdio>
#include <memory>
#include <string>

#include "agent/eval/PhantomSet.h"
#include "app/cli/AgentOptions.h"
#include "app/cli/Commands.h"

namespace medsam::cli {

RegisteredCommand registerPhantomsCommand(CLI::App& app) {
    struct Options {
        std::string out;
        int count = 20, size = 128;
        double spacing = 1.0;
        unsigned seed = 0;
    };
    auto o = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "phantoms", "Write synthetic slices with exact ground truth and an eval manifest (for `eval`)");
    sub->add_option("--out", o->out, "Output folder")->required();
    sub->add_option("--count", o->count, "Number of slices")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    sub->add_option("--size", o->size, "Side in pixels")->capture_default_str()->check(CLI::Range(16, 4096));
    sub->add_option("--spacing", o->spacing, "Pixel spacing in mm (0.001 to 1000)")
        ->capture_default_str()
        ->check(finiteNumber())
        ->check(CLI::Range(0.001, 1000.0));
    sub->add_option("--seed", o->seed, "Seed (the set is deterministic)")->capture_default_str();
    return {sub, [o] {
                const auto manifest = agent::writePhantomSet(o->out, o->count, {o->size, o->size, 1},
                                                             {o->spacing, o->spacing, 1.0}, o->seed);
                std::printf("wrote %d phantoms and %s\n", o->count, manifest.c_str());
                return 0;
            }};
}

}  // namespace medsam::cli
