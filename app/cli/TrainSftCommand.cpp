// `medsam-agent train sft`: stage 1, behaviour cloning of the expert's and the curated sessions' decisions
// (docs/training.md).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "agent/plugin/TorchPluginLoader.h"
#include "agent/training/ExpertSamples.h"
#include "agent/training/PersonSamples.h"
#include "agent/training/RlTraining.h"
#include "agent/training/SftTraining.h"
#include "app/cli/TrainSupport.h"

namespace medsam::cli::train {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

}  // namespace

Stage addSftCommand(CLI::App* parent) {
    auto sftOptions = std::make_shared<SftCommandOptions>();
    auto* sft = parent->add_subcommand("sft", "Behaviour cloning of the simulated expert's trajectories");
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

    return {sft, [sftOptions] { return runSftCommand(*sftOptions); }};
}

}  // namespace medsam::cli::train
