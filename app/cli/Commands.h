#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <utility>

// Each subcommand registers itself on the root app; the returned callback runs when it was chosen and
// returns the process exit code. Keeping registration in one list makes `medsam-agent --help` the index.
namespace medsam::cli {

using CommandRunner = std::function<int()>;
using RegisteredCommand = std::pair<CLI::App*, CommandRunner>;

// `medsam-agent info PATH`: the series in a DICOM file/folder, or an image file's geometry (InfoCommand.cpp).
RegisteredCommand registerInfoCommand(CLI::App& app);
// `medsam-agent demo --data DIR`: loads the bundled real images and reports what was loaded
// (DemoCommand.cpp).
RegisteredCommand registerDemoCommand(CLI::App& app);
// `medsam-agent db init|add-images|labels|sessions|show|review|merge|export PROJECT.db ...` (DbCommand.cpp).
RegisteredCommand registerDbCommand(CLI::App& app);

// `medsam-agent sam-check --sam-model DIR`: loads an exported SAM-family model and runs one prompt on a
// phantom (SamCheckCommand.cpp).
RegisteredCommand registerSamCheckCommand(CLI::App& app);

// `medsam-agent segment IMAGE --target TEXT ...`: one slice, one episode, each step printed
// (SegmentCommand.cpp).
RegisteredCommand registerSegmentCommand(CLI::App& app);
// `medsam-agent eval --manifest FILE.csv ...`: policies compared on labelled cases (EvalCommand.cpp).
RegisteredCommand registerEvalCommand(CLI::App& app);
// `medsam-agent phantoms --out DIR`: synthetic labelled slices and their manifest (PhantomsCommand.cpp).
RegisteredCommand registerPhantomsCommand(CLI::App& app);
// `medsam-agent train sft|rl ...`: the learned policy's two training stages (TrainCommand.cpp).
RegisteredCommand registerTrainCommand(CLI::App& app);

}  // namespace medsam::cli
