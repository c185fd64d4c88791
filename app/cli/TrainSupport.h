#pragma once
// What `train sft` and `train rl` share (TrainSftCommand.cpp, TrainRlCommand.cpp): the data options and the
// training cases they select, train-info.json, the CSV logs and their curves, and the two stages'
// registration.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "agent/policies/PolicyTensorCodec.h"
#include "agent/training/TrainingCases.h"
#include "ui/render/DiceCurvePlot.h"

namespace medsam::cli::train {

struct DataOptions {
    int phantoms = 400;
    unsigned phantomSeed = 1;
    std::vector<std::string> phantomKinds;
    std::vector<std::string> manifests;
    std::vector<std::string> exports;                        // storage exports (db export --out DIR)
    std::vector<std::string> exportUse{"expert", "person"};  // what of them trains (sft only)
    std::string tool = "classical";
    int jobs = 0;
    unsigned seed = 0;
};

// Worker threads: --jobs, or one per core.
int jobsOf(const DataOptions& d);
// --phantoms, --phantom-seed, --phantom-kinds, --manifest, --export, --tool, --jobs, --seed.
void addDataOptions(CLI::App* sub, DataOptions& d);
// Whether --export-use names `what` ("expert" or "person").
bool uses(const DataOptions& d, const char* what);

struct TrainingData {
    std::vector<agent::TrainingCase> cases;
    nlohmann::json exports =
        nlohmann::json::array();  // per export: what it gave and what was left out (train-info.json)
};

// `withPeople`: attach the curated sessions' own trajectories to their cases (stage 1 clones them).
TrainingData loadTrainingCases(const DataOptions& d, bool withPeople);
// What the data options were, for train-info.json, with the tool's versioned name.
nlohmann::json dataJson(const DataOptions& d);

void writeJson(const std::filesystem::path& path, const nlohmann::json& j);
nlohmann::json readJson(const std::filesystem::path& path);
// The log's rows so far: a resumed run keeps the rows before `firstStep` and appends.
std::vector<std::string> keptRows(const std::filesystem::path& csv, int firstStep);
void writeCsv(const std::filesystem::path& path, const std::string& header,
              const std::vector<std::string>& rows);
// One column of the CSV rows (by index) as a curve.
ui::DiceCurve column(const std::vector<std::string>& rows, int index, const std::string& label);
void plot(const std::filesystem::path& path, const std::vector<ui::DiceCurve>& curves,
          const std::string& title, const std::string& x, const std::string& y);
std::string fixed(double v, int decimals = 4);
// The policy file contract both stages train (version 2, a square crop of `inputSize` cells).
agent::PolicySpec trainingSpec(int inputSize);
// Runs `body` inside an offscreen Qt application (the curves' fonts), numbers in C notation.
int withQt(const std::function<int()>& body);

// A stage's subcommand under `train` and what runs it when it was chosen.
using Stage = std::pair<CLI::App*, std::function<int()>>;
Stage addSftCommand(CLI::App* parent);  // TrainSftCommand.cpp
Stage addRlCommand(CLI::App* parent);   // TrainRlCommand.cpp

}  // namespace medsam::cli::train
