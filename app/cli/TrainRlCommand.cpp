// `medsam-agent train rl`: stage 2, multi-turn GRPO from a stage-1 policy with the published reward
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

}  // namespace

Stage addRlCommand(CLI::App* parent) {
    auto rlOptions = std::make_shared<RlCommandOptions>();
    auto* rl = parent->add_subcommand("rl", "Multi-turn GRPO from a stage-1 policy with the published reward");
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

    return {rl, [rlOptions] { return runRlCommand(*rlOptions); }};
}

}  // namespace medsam::cli::train
