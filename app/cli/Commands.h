#pragma once

#include <CLI/CLI.hpp>

// Each subcommand registers itself on the root app; the returned callback runs when it was chosen and
// returns the process exit code. Keeping registration in one list makes `medsam-agent --help` the index.
namespace medsam::cli {

using CommandRunner = std::function<int()>;

}  // namespace medsam::cli
