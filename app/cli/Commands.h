#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <utility>

// Each subcommand registers itself on the root app; the returned callback runs when it was chosen and
// returns the process exit code. Keeping registration in one list makes `medsam-agent --help` the index.
namespace medsam::cli {

using CommandRunner = std::function<int()>;

// medsam-agent sam-check --sam-model DIR (app/cli/SamCheckCommand.cpp)
std::pair<CLI::App*, CommandRunner> registerSamCheckCommand(CLI::App& root);

}  // namespace medsam::cli
