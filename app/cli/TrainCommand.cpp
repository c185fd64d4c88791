// `medsam-agent train sft|rl`: the two training stages of the compact learned policy (docs/training.md).
#include <QGuiApplication>
#include <algorithm>
#include <chrono>
#include <clocale>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "agent/eval/Factories.h"
#include "agent/plugin/TorchPluginLoader.h"
#include "agent/training/ExpertSamples.h"
#include "agent/training/ExportedSessions.h"
#include "agent/training/PersonSamples.h"
#include "agent/training/RlTraining.h"
#include "agent/training/SftTraining.h"
#include "agent/training/TrainingPhantoms.h"
#include "app/cli/Commands.h"
#include "ui/render/DiceCurvePlot.h"

namespace medsam::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

struct SftCommandOptions {
    DataOptions data;
    std::string out;
    int episodesPerCase = 4;
    int epochs = 12;
    int batch = 64;
    double learningRate = 2e-3;
    int features = 16;
    int inputSize = 64;
    double validationFraction = 0.15;
    bool resume = false;
    bool noAugment = false;
};

struct RlCommandOptions {
    DataOptions data;
    std::string init, out;
    int iterations = 40;
    int tasks = 8;
    int group = 8;
    int maxTurns = 5;
    int updateEpochs = 2;
    double learningRate = 3e-4;
    double clip = 0.2;
    double kl = 0.0;
    int features = 16;
    int checkpointEvery = 10;
    double boxJitter = 0.05;
    double hardShare = 0.0;
    double hardDice = 0.9;
    bool resume = false;
};

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

struct TrainingData {
    std::vector<agent::TrainingCase> cases;
    json exports = json::array();  // per export: what it gave and what was left out (train-info.json)
};

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
// default version, which changes (classical-rw/1 before issue 13, classical-rw/3 since).
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

std::string fixed(double v, int decimals = 4) {
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

int runSftCommand(const SftCommandOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const fs::path out(o.out), checkpoint = fs::path(o.out) / "checkpoint";
    fs::create_directories(checkpoint);
    const int jobs = jobsOf(o.data);
    agent::PolicySpec spec = trainingSpec(o.inputSize);
    agent::PolicyNetConfig net;
    net.features = o.features;
    net.seed = o.data.seed + 1;
    net.learningRate = o.learningRate;
    net.threads = jobs;
    int firstEpoch = 1;
    std::string initial;
    if (o.resume) {
        const json state = readJson(checkpoint / "state.json");
        firstEpoch = state.at("epoch").get<int>() + 1;
        initial = (checkpoint / "policy.pt").string();
        std::fprintf(stderr, "train sft: resuming after epoch %d from %s\n", firstEpoch - 1, initial.c_str());
    }
    auto trainer = agent::torchBackend().makePolicyTrainer(spec, net, initial);
    if (o.resume) trainer->loadOptimizer((checkpoint / "optimizer.pt").string());

    // Data: expert trajectories on the cases and the people's curated ones, validation split by image.
    const TrainingData data = loadTrainingCases(o.data, uses(o.data, "person"));
    std::vector<agent::TrainingCase> train, validation;
    agent::splitByGroup(data.cases, o.validationFraction, o.data.seed, train, validation);
    agent::ExpertSampleOptions eo;
    eo.episodesPerCase = o.episodesPerCase;
    eo.jobs = jobs;
    eo.seed = o.data.seed;
    eo.tool = o.data.tool;
    const auto genStart = std::chrono::steady_clock::now();
    int failures = 0;
    auto trainSamples = agent::collectExpertSamples(train, spec, eo, {}, &failures);
    agent::PersonSampleOptions po;
    po.tool = o.data.tool;
    po.cropJitter = eo.cropJitter;
    po.seed = o.data.seed;
    agent::ReplayStats trainReplay, validationReplay;
    auto personSamples = agent::collectPersonSamples(train, spec, po, &trainReplay);
    eo.cropJitter = po.cropJitter = 0;
    auto validationSamples = agent::collectExpertSamples(validation, spec, eo);
    auto personValidation = agent::collectPersonSamples(validation, spec, po, &validationReplay);
    const double genSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - genStart).count();
    const auto actionCounts = [](const std::vector<agent::SftSample>& samples) {
        std::array<int, 4> counts{};
        for (const auto& s : samples) ++counts[static_cast<std::size_t>(s.action)];
        return counts;
    };
    const auto counts = actionCounts(trainSamples);
    std::fprintf(stderr,
                 "train sft: %zu training cases -> %zu expert decisions (box %d, positive %d, negative %d, "
                 "stop %d), %zu validation cases -> %zu decisions, %.1f s of episodes (%d failed)\n",
                 train.size(), trainSamples.size(), counts[0], counts[1], counts[2], counts[3],
                 validation.size(), validationSamples.size(), genSeconds, failures);
    // How close the training tool's replay came to the curated masks, over every replayed trajectory.
    const int replayed = trainReplay.trajectories + validationReplay.trajectories;
    const json replayDice = replayed == 0
                                ? json(nullptr)
                                : json((trainReplay.meanFinalDice * trainReplay.trajectories +
                                        validationReplay.meanFinalDice * validationReplay.trajectories) /
                                       replayed);
    if (replayed + trainReplay.failed + validationReplay.failed > 0) {
        const auto person = actionCounts(personSamples);
        std::fprintf(
            stderr,
            "train sft: people's curated trajectories replayed with %s: %d training -> %zu decisions "
            "(box %d, positive %d, negative %d, stop %d), %d validation -> %zu decisions; mean Dice "
            "of the replays' last masks to the curated ones %s; %d failed\n",
            o.data.tool.c_str(), trainReplay.trajectories, personSamples.size(), person[0], person[1],
            person[2], person[3], validationReplay.trajectories, personValidation.size(),
            replayed ? fixed(replayDice.get<double>()).c_str() : "-",
            trainReplay.failed + validationReplay.failed);
        for (const auto* stats : {&trainReplay, &validationReplay})
            for (const auto& why : stats->failures)
                std::fprintf(stderr, "train sft:   failed: %s\n", why.c_str());
    }
    const std::size_t expertTrain = trainSamples.size(), expertValidation = validationSamples.size();
    for (auto& s : personSamples) trainSamples.push_back(std::move(s));
    for (auto& s : personValidation) validationSamples.push_back(std::move(s));
    if (trainSamples.empty())
        throw std::runtime_error("no decisions to learn from (neither the expert's nor people's)");

    const std::string header =
        "epoch,train_loss,train_action_loss,train_click_loss,train_box_loss,train_action_accuracy,val_loss,"
        "val_action_loss,val_click_loss,val_box_loss,val_action_accuracy,seconds,samples_per_second";
    std::vector<std::string> rows = keptRows(out / "sft-log.csv", firstEpoch);
    agent::SftOptions so;
    so.epochs = o.epochs;
    so.batchSize = o.batch;
    so.firstEpoch = firstEpoch;
    so.seed = o.data.seed;
    so.augment = !o.noAugment;
    double samplesPerSecond = 0;
    agent::runSft(*trainer, trainSamples, validationSamples, so, [&](const agent::SftEpochLog& log) {
        const auto& t = log.train;
        const auto& v = log.validation;
        rows.push_back(std::to_string(log.epoch) + "," + fixed(t.loss) + "," + fixed(t.actionLoss) + "," +
                       fixed(t.clickLoss) + "," + fixed(t.boxLoss) + "," + fixed(t.actionAccuracy) + "," +
                       fixed(v.loss) + "," + fixed(v.actionLoss) + "," + fixed(v.clickLoss) + "," +
                       fixed(v.boxLoss) + "," + fixed(v.actionAccuracy) + "," + fixed(log.seconds, 2) + "," +
                       fixed(log.samplesPerSecond, 1));
        samplesPerSecond = log.samplesPerSecond;
        std::fprintf(
            stderr, "epoch %3d  train loss %.4f (action acc %.3f)  val loss %.4f (action acc %.3f)  %.1f s\n",
            log.epoch, t.loss, t.actionAccuracy, v.loss, v.actionAccuracy, log.seconds);
        writeCsv(out / "sft-log.csv", header, rows);
        // The checkpoint: weights, optimiser, the epoch; written before the state so a crash keeps the last
        // one.
        trainer->exportPolicy((checkpoint / "policy.pt").string());
        trainer->saveOptimizer((checkpoint / "optimizer.pt").string());
        writeJson(checkpoint / "state.json", {{"epoch", log.epoch}, {"seed", o.data.seed}});
    });
    trainer->exportPolicy((out / "policy.pt").string());
    plot(out / "sft-curves.png", {column(rows, 1, "train loss"), column(rows, 6, "validation loss")},
         "behaviour cloning (SFT)", "epoch", "loss");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json info = dataJson(o.data);
    info.update(json{{"stage", "sft"},
                     {"export_use", o.data.exportUse},
                     {"exports_read", data.exports},
                     {"expert_training_decisions", expertTrain},
                     {"expert_validation_decisions", expertValidation},
                     {"person_training_trajectories", trainReplay.trajectories},
                     {"person_validation_trajectories", validationReplay.trajectories},
                     {"person_training_decisions", trainReplay.decisions},
                     {"person_validation_decisions", validationReplay.decisions},
                     {"person_replay_failed", trainReplay.failed + validationReplay.failed},
                     {"person_replay_mean_dice", replayDice},
                     {"epochs", o.epochs},
                     {"episodes_per_case", o.episodesPerCase},
                     {"training_cases", train.size()},
                     {"validation_cases", validation.size()},
                     {"training_decisions", trainSamples.size()},
                     {"validation_decisions", validationSamples.size()},
                     {"parameters", trainer->parameterCount()},
                     {"parameter_digest", trainer->parameterDigest()},
                     {"expert_seconds", genSeconds},
                     {"samples_per_second", samplesPerSecond},
                     {"seconds", seconds}});
    writeJson(out / "train-info.json", info);
    std::printf("wrote %s (%d parameters, digest %s) in %.0f s; log %s\n", (out / "policy.pt").c_str(),
                trainer->parameterCount(), trainer->parameterDigest().c_str(), seconds,
                (out / "sft-log.csv").c_str());
    return 0;
}

int runRlCommand(const RlCommandOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const fs::path out(o.out), checkpoint = fs::path(o.out) / "checkpoint";
    fs::create_directories(checkpoint);
    const int jobs = jobsOf(o.data);
    const std::string initSidecar = fs::path(o.init).replace_extension(".json").string();
    std::ifstream sidecarIn(initSidecar);
    if (!sidecarIn) throw std::invalid_argument("--init: the sidecar '" + initSidecar + "' is missing");
    std::stringstream sidecarText;
    sidecarText << sidecarIn.rdbuf();
    const agent::PolicySpec spec = agent::PolicySpec::fromJson(sidecarText.str(), initSidecar);
    agent::PolicyNetConfig net;
    net.features = o.features;
    net.learningRate = o.learningRate;
    net.threads = 1;  // the rollouts use the cores
    int firstIteration = 1;
    std::string initial = o.init;
    // The KL reference is the stage-1 policy: a resumed run would take the checkpoint instead.
    if (o.resume && o.kl > 0)
        throw std::invalid_argument("--resume with --kl > 0: restart from --init instead");
    if (o.resume) {
        const json state = readJson(checkpoint / "state.json");
        firstIteration = state.at("iteration").get<int>() + 1;
        initial = (checkpoint / "policy.pt").string();
        std::fprintf(stderr, "train rl: resuming after iteration %d\n", firstIteration - 1);
    }
    auto trainer = agent::torchBackend().makePolicyTrainer(spec, net, initial);
    if (o.resume)
        trainer->loadOptimizer((checkpoint / "optimizer.pt").string());
    else
        trainer->freezeReference();
    const auto cases = loadTrainingCases(o.data, false).cases;
    agent::RlOptions ro;
    ro.iterations = o.iterations;
    ro.tasksPerIteration = o.tasks;
    ro.groupSize = o.group;
    ro.maxTurns = o.maxTurns;
    ro.updateEpochs = o.updateEpochs;
    ro.step.clip = o.clip;
    ro.step.klWeight = o.kl;
    ro.firstIteration = firstIteration;
    ro.seed = o.data.seed;
    ro.jobs = jobs;
    ro.tool = o.data.tool;
    ro.initialBoxJitter = {o.boxJitter, 0.0};
    ro.hardShare = o.hardShare;
    ro.hardDice = o.hardDice;
    const std::string header =
        "iteration,mean_reward,mean_dice,mean_turns,stop_rate,format_rate,invalid_rate,loss,mean_ratio,"
        "clipped_fraction,kl,seconds,env_steps_per_second";
    std::vector<std::string> rows = keptRows(out / "rl-log.csv", firstIteration);
    double stepsPerSecond = 0;
    agent::runRl(*trainer, cases, ro, [&](const agent::RlIterationLog& log) {
        rows.push_back(std::to_string(log.iteration) + "," + fixed(log.meanReward) + "," +
                       fixed(log.meanDice) + "," + fixed(log.meanTurns, 3) + "," + fixed(log.stopRate, 3) +
                       "," + fixed(log.formatRate, 3) + "," + fixed(log.invalidRate, 3) + "," +
                       fixed(log.step.loss) + "," + fixed(log.step.meanRatio) + "," +
                       fixed(log.step.clippedFraction, 3) + "," + fixed(log.step.kl, 5) + "," +
                       fixed(log.seconds, 2) + "," + fixed(log.envStepsPerSecond, 1));
        stepsPerSecond = log.envStepsPerSecond;
        std::fprintf(stderr,
                     "iter %3d  reward %.4f  dice %.4f  turns %.2f  stop %.2f  invalid %.3f  %.1f s\n",
                     log.iteration, log.meanReward, log.meanDice, log.meanTurns, log.stopRate,
                     log.invalidRate, log.seconds);
        writeCsv(out / "rl-log.csv", header, rows);
        if (log.iteration % std::max(1, o.checkpointEvery) == 0 || log.iteration == o.iterations) {
            trainer->exportPolicy((checkpoint / "policy.pt").string());
            trainer->saveOptimizer((checkpoint / "optimizer.pt").string());
            writeJson(checkpoint / "state.json", {{"iteration", log.iteration}, {"seed", o.data.seed}});
        }
    });
    trainer->exportPolicy((out / "policy.pt").string());
    plot(out / "rl-curves.png",
         {column(rows, 1, "mean reward"), column(rows, 2, "mean Dice"), column(rows, 4, "stop rate")},
         "GRPO (multi-turn RL)", "iteration", "value");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json info = dataJson(o.data);
    info.update(json{{"stage", "rl"},
                     {"init", o.init},
                     {"iterations", o.iterations},
                     {"tasks_per_iteration", o.tasks},
                     {"group", o.group},
                     {"learning_rate", o.learningRate},
                     {"clip", o.clip},
                     {"kl", o.kl},
                     {"box_jitter", o.boxJitter},
                     {"hard_share", o.hardShare},
                     {"hard_dice", o.hardDice},
                     {"parameter_digest", trainer->parameterDigest()},
                     {"env_steps_per_second", stepsPerSecond},
                     {"seconds", seconds}});
    writeJson(out / "train-info.json", info);
    std::printf("wrote %s (digest %s) in %.0f s; log %s\n", (out / "policy.pt").c_str(),
                trainer->parameterDigest().c_str(), seconds, (out / "rl-log.csv").c_str());
    return 0;
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

}  // namespace

RegisteredCommand registerTrainCommand(CLI::App& app) {
    auto* train =
        app.add_subcommand("train", "Train the compact learned policy: sft (stage 1), then rl (stage 2)");
    train->require_subcommand(1);
    auto sftOptions = std::make_shared<SftCommandOptions>();
    auto rlOptions = std::make_shared<RlCommandOptions>();

    auto* sft = train->add_subcommand("sft", "Behaviour cloning of the simulated expert's trajectories");
    sft->add_option("--out", sftOptions->out,
                    "Output folder: policy.pt/.json, sft-log.csv, sft-curves.png, checkpoint/")
        ->required();
    addDataOptions(sft, sftOptions->data);
    sft->add_option("--episodes-per-case", sftOptions->episodesPerCase, "Expert episodes per training case")
        ->check(CLI::Range(1, 1000));
    sft->add_option("--epochs", sftOptions->epochs, "Passes over the training decisions")
        ->check(CLI::Range(1, 100000));
    sft->add_option("--batch", sftOptions->batch, "Decisions per optimiser step")
        ->check(CLI::Range(1, 65536));
    sft->add_option("--lr", sftOptions->learningRate, "Adam's learning rate")->check(CLI::Range(1e-7, 1.0));
    sft->add_option("--features", sftOptions->features, "Channels of the network's first layer")
        ->check(CLI::Range(1, 256));
    sft->add_option("--input-size", sftOptions->inputSize, "The network's crop side in cells (multiple of 4)")
        ->check(CLI::Range(16, 512));
    sft->add_option("--val-fraction", sftOptions->validationFraction,
                    "Share of images held out for validation")
        ->check(CLI::Range(0.0, 0.9));
    sft->add_flag("--resume", sftOptions->resume, "Continue from OUT/checkpoint after its last epoch");
    sft->add_flag("--no-augment", sftOptions->noAugment, "No flips, rotations or intensity changes");
    sft->add_option("--export-use", sftOptions->data.exportUse,
                    "What of each --export trains: expert (its episodes on the curated masks), person (the "
                    "curated sessions' own decisions, replayed); default both")
        ->delimiter(',')
        ->check(CLI::IsMember({"expert", "person"}));

    auto* rl = train->add_subcommand("rl", "Multi-turn GRPO from a stage-1 policy with the published reward");
    rl->add_option("--init", rlOptions->init, "The stage-1 policy file (policy.pt from train sft)")
        ->required()
        ->check(CLI::ExistingFile);
    rl->add_option("--out", rlOptions->out,
                   "Output folder: policy.pt/.json, rl-log.csv, rl-curves.png, checkpoint/")
        ->required();
    addDataOptions(rl, rlOptions->data);
    rl->add_option("--iterations", rlOptions->iterations, "Policy updates")->check(CLI::Range(1, 1000000));
    rl->add_option("--tasks", rlOptions->tasks, "Tasks per iteration")->check(CLI::Range(1, 100000));
    rl->add_option("--group", rlOptions->group, "Rollouts per task (the paper: 8)")
        ->check(CLI::Range(2, 1024));
    rl->add_option("--max-turns", rlOptions->maxTurns, "Prompt actions per episode")
        ->check(CLI::Range(1, 50));
    rl->add_option("--update-epochs", rlOptions->updateEpochs, "Passes over each iteration's decisions")
        ->check(CLI::Range(1, 100));
    rl->add_option("--lr", rlOptions->learningRate, "Adam's learning rate")->check(CLI::Range(1e-8, 1.0));
    rl->add_option("--clip", rlOptions->clip, "Ratio clip")->check(CLI::Range(0.0, 10.0));
    rl->add_option("--kl", rlOptions->kl, "Weight of the KL term to the stage-1 policy (0 as published)")
        ->check(CLI::Range(0.0, 100.0));
    rl->add_option("--features", rlOptions->features, "Channels of the network's first layer (as in stage 1)")
        ->check(CLI::Range(1, 256));
    rl->add_option("--checkpoint-every", rlOptions->checkpointEvery, "Iterations between checkpoints")
        ->check(CLI::Range(1, 1000000));
    rl->add_option("--box-jitter", rlOptions->boxJitter,
                   "The person's first box: each edge moves by up to this fraction of the target's extent")
        ->check(CLI::Range(0.0, 1.0));
    rl->add_option(
          "--hard-share", rlOptions->hardShare,
          "Share of tasks drawn from cases where the box alone gives Dice under --hard-dice (0: uniform)")
        ->check(CLI::Range(0.0, 1.0));
    rl->add_option("--hard-dice", rlOptions->hardDice, "Box-only Dice under which a case counts as hard")
        ->check(CLI::Range(0.0, 1.0));
    rl->add_flag("--resume", rlOptions->resume, "Continue from OUT/checkpoint after its last iteration");
    rlOptions->data.phantomSeed = 2;  // other slices than stage 1's by default

    return {train, [=] {
                if (sft->parsed()) return withQt([&] { return runSftCommand(*sftOptions); });
                return withQt([&] { return runRlCommand(*rlOptions); });
            }};
}

}  // namespace medsam::cli
