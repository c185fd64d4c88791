#include "app/cli/TrainSupport.h"

#include <QGuiApplication>
#include <algorithm>
#include <clocale>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "agent/eval/Factories.h"
#include "agent/training/ExportedSessions.h"
#include "agent/training/TrainingPhantoms.h"

namespace medsam::cli::train {

namespace fs = std::filesystem;
using nlohmann::json;

int jobsOf(const DataOptions& d) {
    return d.jobs > 0 ? d.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void addDataOptions(CLI::App* sub, DataOptions& d) {
    sub->add_option("--phantoms", d.phantoms, "Synthetic training slices (agent/training/TrainingPhantoms.h)")
        ->check(CLI::Range(0, 1000000));
    sub->add_option("--phantom-seed", d.phantomSeed, "Seed of the synthetic slices");
    sub->add_option("--phantom-kinds", d.phantomKinds, "Shapes of the synthetic slices (default: all)")
        ->delimiter(',')
        ->check(CLI::IsMember(agent::phantomKinds()));
    sub->add_option("--manifest", d.manifests, "Labelled cases to train on as well (eval's CSV), repeatable")
        ->check(CLI::ExistingFile);
    sub->add_option(
           "--export", d.exports,
           "A project's export of curated sessions (db export --out DIR): its slices with their curated "
           "masks become training cases, repeatable")
        ->check(CLI::ExistingDirectory);
    sub->add_option("--tool", d.tool,
                    "The tool the policy drives: classical (the default, classical-rw/4) | classical1 | "
                    "classical2 | classical3 | classical4")
        ->check(CLI::IsMember({"classical", "classical1", "classical2", "classical3", "classical4"}));
    sub->add_option("--jobs", d.jobs, "Worker threads (0: one per core)")->check(CLI::Range(0, 256));
    sub->add_option("--seed", d.seed, "Seed of sampling, shuffling and augmentation");
}

bool uses(const DataOptions& d, const char* what) {
    return std::find(d.exportUse.begin(), d.exportUse.end(), what) != d.exportUse.end();
}

// `withPeople`: attach the curated sessions' own trajectories to their cases (stage 1 clones them).
TrainingData loadTrainingCases(const DataOptions& d, bool withPeople) {
    TrainingData data;
    data.cases = agent::trainingPhantoms(d.phantoms, d.phantomSeed, d.phantomKinds);
    for (const std::string& m : d.manifests) {
        auto more = agent::casesFromManifest(m);
        std::fprintf(stderr, "train: %zu labelled cases from %s\n", more.size(), m.c_str());
        for (auto& c : more) data.cases.push_back(std::move(c));
    }
    for (const std::string& dir : d.exports) {
        agent::ExportedData e = agent::readExport(dir, withPeople);
        std::fprintf(
            stderr,
            "train: %s: %d curated tasks -> %zu cases; %d sessions' conversations, %d of them linked "
            "to their task; %zu left out\n",
            dir.c_str(), e.tasks, e.cases.size(), e.conversations, e.linked, e.skipped.size());
        for (const auto& why : e.skipped) std::fprintf(stderr, "train:   left out: %s\n", why.c_str());
        data.exports.push_back({{"dir", fs::absolute(dir).string()},
                                {"tasks", e.tasks},
                                {"cases", e.cases.size()},
                                {"conversations", e.conversations},
                                {"linked_conversations", e.linked},
                                {"left_out", e.skipped}});
        for (auto& c : e.cases) {
            c.expertEpisodes = uses(d, "expert");
            data.cases.push_back(std::move(c));
        }
    }
    if (data.cases.empty())
        throw std::invalid_argument(
            "no training cases: give --phantoms N > 0, --manifest FILE or --export DIR (with curated tasks)");
    return data;
}

// What the data options were, for train-info.json. The tool's versioned name too: "classical" names the
// default version, which changes (classical-rw/1 before issue 13, classical-rw/4 since).
json dataJson(const DataOptions& d) {
    agent::AgentSpec toolSpec;
    toolSpec.tool = d.tool;
    return {{"seed", d.seed},
            {"phantoms", d.phantoms},
            {"phantom_seed", d.phantomSeed},
            {"phantom_kinds", d.phantomKinds},
            {"manifests", d.manifests},
            {"exports", d.exports},
            {"tool", d.tool},
            {"tool_version", agent::makeTool(toolSpec)->name()}};
}

void writeJson(const fs::path& path, const json& j) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << j.dump(2) << "\n";
    out.close();
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

json readJson(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + path.string() + "'");
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::runtime_error("'" + path.string() + "' is not a JSON object");
    return j;
}

// The log's rows so far: a resumed run keeps the rows before `firstStep` and appends.
std::vector<std::string> keptRows(const fs::path& csv, int firstStep) {
    std::vector<std::string> rows;
    std::ifstream in(csv);
    std::string line;
    for (bool header = true; std::getline(in, line); header = false)
        if (!header && !line.empty() && std::stoi(line.substr(0, line.find(','))) < firstStep)
            rows.push_back(line);
    return rows;
}

void writeCsv(const fs::path& path, const std::string& header, const std::vector<std::string>& rows) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << header << "\n";
    for (const auto& r : rows) out << r << "\n";
    out.close();
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

// One column of the CSV rows (by index) as a curve.
ui::DiceCurve column(const std::vector<std::string>& rows, int index, const std::string& label) {
    ui::DiceCurve c;
    c.label = label;
    for (const auto& r : rows) {
        std::stringstream s(r);
        std::string cell;
        for (int i = 0; std::getline(s, cell, ','); ++i)
            if (i == index) c.values.push_back(std::stod(cell));
    }
    return c;
}

void plot(const fs::path& path, const std::vector<ui::DiceCurve>& curves, const std::string& title,
          const std::string& x, const std::string& y) {
    ui::DicePlotText text;
    text.title = QString::fromStdString(title);
    text.xAxis = QString::fromStdString(x);
    text.yAxis = QString::fromStdString(y);
    text.fitRange = true;
    ui::writeCurvePlot(path.string(), curves, text);
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

agent::PolicySpec trainingSpec(int inputSize) {
    agent::PolicySpec spec;
    spec.version = 2;
    spec.height = spec.width = inputSize;
    return spec;
}

int withQt(const std::function<int()>& body) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "medsam-agent";
    char* argv[] = {name, nullptr};
    QGuiApplication qtApp(argc, argv);  // offscreen: the curves' fonts
    std::setlocale(LC_NUMERIC, "C");    // after Qt took the environment's locale: numbers in C notation
    return body();
}

}  // namespace medsam::cli::train
