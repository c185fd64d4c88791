#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "agent/eval/Evaluator.h"
#include "agent/eval/PhantomSet.h"
#include "tests/support/TestData.h"

using namespace medsam;
using namespace medsam::agent;

namespace {
// The manifest lives in a temporary folder and names the cached files by paths relative to that folder.
std::string relativeTo(const QString& file, const std::string& dir) {
    return std::filesystem::relative(file.toStdString(), dir).string();
}

nlohmann::json run(const std::vector<ManifestCase>& cases, const std::string& policy,
                   std::vector<CaseResult>* out, double boxToPointRatio = ExpertConfig{}.boxToPointRatio) {
    EvalConfig config;
    config.agent.policy = policy;
    config.agent.expert.boxToPointRatio = boxToPointRatio;
    config.jobs = 2;
    auto results = evaluate(cases, config);
    for (const auto& r : results) {
        if (r.failed()) qWarning("case %d failed: %s", r.row, r.error.c_str());
    }
    if (out) *out = results;
    return summarize(results, {config.env.maxTurns, policy, config.agent.tool});
}
}  // namespace

// Acceptance of the agent loop on real labelled data (the ITK T1 head with its brain mask, the PD slice with
// the ventricle model) and on synthetic phantoms: each policy reaches an absolute Dice floor with a bounded
// number of turns, and trajectories replay exactly for a seed. ("The expert beats the box baseline" was true
// by construction: the expert starts from the same box and only accepts gains, so it is not a test.) The
// floors sit about 0.02-0.03 below what this build measured (classical tool, seed 0): on the 13 real cases
// expert 0.9244 (3.62 turns), hybrid expert 0.8867 (3.85 turns), box 0.8957; on the 8 phantoms expert 0.9607,
// box 0.9572.
class TestAgentEval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void policiesReachTheirFloorsOnRealData() {
        const QString t1 = test::dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        const QString brain = test::dataPath("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
        const QString pd = test::dataPath("itk/Data/BrainProtonDensitySlice.png");
        const QString ventricle = test::dataPath("itk/Data/VentricleModel.png");
        MEDSAM_REQUIRE_DATA(t1);
        MEDSAM_REQUIRE_DATA(ventricle);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const std::string a = relativeTo(t1, d), b = relativeTo(brain, d);
        const std::string manifest = d + "/real.csv";
        {
            std::ofstream m(manifest);
            m << "image,label,label_value,target,axis,slice\n";
            for (int slice = 28; slice <= 92; slice += 8)
                m << a << "," << b << ",5|6,brain,axial," << slice << "\n";
            m << a << "," << b << ",5|6,brain,axial,largest\n";
            m << a << "," << b << ",5|6,brain,coronal,largest\n";
            m << a << "," << b << ",5|6,brain,sagittal,largest\n";
            m << relativeTo(pd, d) << "," << relativeTo(ventricle, d)
              << ",255,left lateral ventricle,axial,largest\n";
        }
        const auto cases = readManifest(manifest);
        std::vector<CaseResult> expertCases;
        // As an upper bound the expert runs its box-to-point workflow from the same box the baseline gets;
        // the hybrid mix (half the episodes start with clicks) is for diverse training data: reported, with a
        // floor of its own.
        const auto expert = run(cases, "expert", &expertCases, 1.0);
        const auto hybrid = run(cases, "expert", nullptr);
        const auto box = run(cases, "box", nullptr);
        qInfo("real data: expert Dice %.4f (turns %.2f), hybrid expert %.4f (turns %.2f), box Dice %.4f",
              expert["mean_dice"].get<double>(), expert["mean_turns"].get<double>(),
              hybrid["mean_dice"].get<double>(), hybrid["mean_turns"].get<double>(),
              box["mean_dice"].get<double>());
        for (const auto* summary : {&expert, &hybrid, &box}) QCOMPARE((*summary)["cases"].get<int>(), 13);
        QVERIFY2(expert["mean_dice"].get<double>() >= 0.90, "expert below its floor");
        QVERIFY2(hybrid["mean_dice"].get<double>() >= 0.86, "hybrid expert below its floor");
        QVERIFY2(box["mean_dice"].get<double>() >= 0.87, "box baseline below its floor");
        QVERIFY(expert["mean_turns"].get<double>() >= 1.0 && expert["mean_turns"].get<double>() <= 5.0);
        for (const auto& c : expertCases) QVERIFY(c.turns <= 5);
    }

    void policiesReachTheirFloorsOnPhantomsAndReplay() {
        QTemporaryDir dir;
        const auto manifest = writePhantomSet(dir.path().toStdString(), 8, {96, 96, 1}, {1.0, 1.0, 1.0}, 11);
        const auto cases = readManifest(manifest);
        std::vector<CaseResult> first, second;
        const auto expert = run(cases, "expert", &first);
        const auto box = run(cases, "box", nullptr);
        qInfo("phantoms: expert Dice %.4f (turns %.2f), box Dice %.4f", expert["mean_dice"].get<double>(),
              expert["mean_turns"].get<double>(), box["mean_dice"].get<double>());
        QCOMPARE(expert["cases"].get<int>(), 8);
        QVERIFY2(expert["mean_dice"].get<double>() >= 0.94, "expert below its floor");
        QVERIFY2(box["mean_dice"].get<double>() >= 0.93, "box baseline below its floor");
        QVERIFY(expert["mean_turns"].get<double>() <= 5.0);
        run(cases, "expert", &second);
        QCOMPARE(first.size(), second.size());
        for (std::size_t n = 0; n < first.size(); ++n) {
            QCOMPARE(first[n].dice, second[n].dice);
            QCOMPARE(first[n].turns, second[n].turns);
            QVERIFY(first[n].diceAtTurn == second[n].diceAtTurn);
        }
    }

    // A progress callback that throws on a worker thread reaches the caller (it used to abort the process),
    // and no further cases start.
    void throwingCaseCallbackIsRethrown() {
        QTemporaryDir dir;
        const auto cases =
            readManifest(writePhantomSet(dir.path().toStdString(), 6, {48, 48, 1}, {1.0, 1.0, 1.0}, 5));
        EvalConfig config;
        config.agent.policy = "box";
        config.jobs = 2;
        int calls = 0;
        try {
            evaluate(cases, config, [&](const CaseResult&, int done, int) {
                ++calls;
                if (done == 2) throw std::runtime_error("the progress window was closed");
            });
            QFAIL("the callback's exception should reach the caller");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString(e.what()), QStringLiteral("the progress window was closed"));
        }
        QCOMPARE(calls, 2);
    }
};

QTEST_GUILESS_MAIN(TestAgentEval)
#include "tst_AgentEval.moc"
