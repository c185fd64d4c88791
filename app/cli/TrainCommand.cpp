// `medsam-agent train sft|rl`: the two training stages of the compact learned policy (docs/training.md); each
// stage is its own file (TrainSftCommand.cpp, TrainRlCommand.cpp), what they share is TrainSupport.
#include "app/cli/Commands.h"
#include "app/cli/TrainSupport.h"

namespace medsam::cli {

RegisteredCommand registerTrainCommand(CLI::App& app) {
    auto* trainCommand =
        app.add_subcommand("train", "Train the compact learned policy: sft (stage 1), then rl (stage 2)");
    trainCommand->require_subcommand(1);
    const train::Stage sft = train::addSftCommand(trainCommand);
    const train::Stage rl = train::addRlCommand(trainCommand);
    return {trainCommand, [sft, rl] { return train::withQt(sft.first->parsed() ? sft.second : rl.second); }};
}

}  // namespace medsam::cli
