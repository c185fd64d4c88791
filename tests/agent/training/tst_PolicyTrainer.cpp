#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <map>

#include "agent/policies/TorchPolicy.h"
#include "agent/training/SftTraining.h"
#include "agent/training/TorchPolicyTrainer.h"
#include "tests/agent/training/TrainingTestUtil.h"

using namespace medsam;
using namespace medsam::agent;
using test::specV2;

namespace {

PolicyNetConfig config(std::uint64_t seed) {
    PolicyNetConfig c;
    c.features = 8;
    c.seed = seed;
    c.learningRate = 3e-3;
    return c;
}

// A learnable toy task: the slice plane holds one bright square; the action is positive when it is in the
// left half (click at its centre), negative on the right (click at its centre), stop when there is none.
std::vector<SftSample> toyData(const PolicySpec& spec, int count) {
    std::vector<SftSample> out;
    const int n = spec.width;
    for (int i = 0; i < count; ++i) {
        SftSample s;
        s.input.assign(spec.inputSize(), 0.0f);
        const int kind = i % 3;
        if (kind < 2) {
            const int cx = (kind == 0 ? 6 : 22) + (i * 7) % 5, cy = 5 + (i * 11) % 20;
            for (int y = cy - 2; y <= cy + 2; ++y)
                for (int x = cx - 2; x <= cx + 2; ++x) s.input[static_cast<std::size_t>(y) * n + x] = 1.0f;
            s.action = kind == 0 ? 1 : 2;
            s.cell = cy * n + cx;
        } else {
            s.action = 3;
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<const SftSample*> pointers(const std::vector<SftSample>& v) {
    std::vector<const SftSample*> p;
    for (const auto& s : v) p.push_back(&s);
    return p;
}

}  // namespace

class TestPolicyTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameWeights() {
        const PolicySpec spec = specV2();
        const auto data = toyData(spec, 24);
        SftOptions o;
        o.epochs = 2;
        o.batchSize = 8;
        o.seed = 4;
        std::string digests[3];
        const std::uint64_t seeds[3] = {1, 1, 2};
        for (int k = 0; k < 3; ++k) {
            auto t = makeTorchPolicyTrainer(spec, config(seeds[k]), {});
            runSft(*t, data, {}, o, {});
            digests[k] = t->parameterDigest();
        }
        QCOMPARE(digests[0], digests[1]);
        QVERIFY(digests[0] != digests[2]);
    }

    void behaviourCloningLearnsTheToyTask() {
        const PolicySpec spec = specV2();
        const auto data = toyData(spec, 48);
        auto t = makeTorchPolicyTrainer(spec, config(1), {});
        const SftMetrics before = t->sftEvaluate(pointers(data));
        SftOptions o;
        o.epochs = 60;
        o.batchSize = 16;
        o.augment = false;
        runSft(*t, data, {}, o, {});
        const SftMetrics after = t->sftEvaluate(pointers(data));
        QVERIFY2(after.loss < 0.5 * before.loss,
                 qPrintable(QString("%1 -> %2").arg(before.loss).arg(after.loss)));
        QVERIFY2(after.actionAccuracy > 0.95, qPrintable(QString::number(after.actionAccuracy)));
        // Greedy decisions put the click within 2 cells of the square's centre on most samples.
        int near = 0, clicks = 0;
        for (const auto& s : data) {
            const ActionChoice c = t->act(s.input, 0, PolicyTrainer::ActMode::Greedy);
            if (s.action == 3) continue;
            ++clicks;
            if (c.action == s.action && std::abs(c.cell % 32 - s.cell % 32) <= 2 &&
                std::abs(c.cell / 32 - s.cell / 32) <= 2)
                ++near;
        }
        QVERIFY2(near >= clicks * 3 / 4, qPrintable(QString("%1 of %2").arg(near).arg(clicks)));
    }

    void theExportedFileDecidesAsTheTrainer() {
        const PolicySpec spec = specV2();
        auto t = makeTorchPolicyTrainer(spec, config(3), {});
        SftOptions o;
        o.epochs = 5;
        o.batchSize = 8;
        runSft(*t, toyData(spec, 24), {}, o, {});
        // A folder of this run's own: a fixed name under /tmp was shared by every build on the machine (two
        // runs at once wrote, read and removed each other's file) and was left behind when a check failed.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto dir = std::filesystem::path(tmp.path().toStdString());
        const std::string file = (dir / "policy.pt").string();
        t->exportPolicy(file);
        QVERIFY(std::filesystem::is_regular_file(dir / "policy.json"));
        TorchPolicy policy(file);
        QCOMPARE(policy.spec().version, 2);

        // An observation, encoded the way TorchPolicy encodes it, decided by both.
        core::ImageGeometry g;
        g.size = {90, 70, 1};
        core::Image<float> slice(g);
        for (int y = 0; y < 70; ++y)
            for (int x = 0; x < 90; ++x)
                slice.voxels()[y * 90 + x] = (x > 30 && x < 50 && y > 20 && y < 40) ? 200.f : 10.f;
        core::Mask mask(g);
        Observation obs;
        obs.slice = &slice;
        obs.mask = &mask;
        obs.history = {core::Action::box(28, 18, 52, 42)};
        obs.turn = 1;
        const ModelFrame frame = modelFrame(obs, spec);
        const ActionChoice greedy =
            t->act(encodeObservation(obs, spec, frame), 0, PolicyTrainer::ActMode::Greedy);
        const core::Action a = policy.decide(obs).action;
        const int kinds[] = {
            static_cast<int>(core::ActionKind::Box), static_cast<int>(core::ActionKind::PositivePoint),
            static_cast<int>(core::ActionKind::NegativePoint), static_cast<int>(core::ActionKind::Stop)};
        QCOMPARE(static_cast<int>(a.kind), kinds[greedy.action]);
        if (greedy.action == 1 || greedy.action == 2) {
            const core::Action expected =
                cellToSlicePoint(frame, spec, greedy.cell % 32, greedy.cell / 32, greedy.action == 1, 90, 70);
            QCOMPARE(a.x0, expected.x0);
            QCOMPARE(a.y0, expected.y0);
        }
        // The file loads into a trainer again (resuming, stage 2) with the same weights.
        auto again = makeTorchPolicyTrainer(spec, config(99), file);
        QCOMPARE(again->parameterDigest(), t->parameterDigest());
        // ... but not into a network of another width.
        PolicyNetConfig wider = config(1);
        wider.features = 16;
        try {
            makeTorchPolicyTrainer(spec, wider, file);
            QFAIL("a policy of another width loaded");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("policy.pt"), e.what());
        }
    }

    void sampleActionClicksTheLikeliestCellAndScoresTheActionOnly() {
        const PolicySpec spec = specV2();
        auto t = makeTorchPolicyTrainer(spec, config(6), {});
        const auto data = toyData(spec, 3);
        const ActionChoice greedy = t->act(data[0].input, 0, PolicyTrainer::ActMode::Greedy);
        int clicks = 0;
        std::map<int, double> best;  // the largest cell log-probability per click sign, computed once
        for (std::uint64_t seed = 0; seed < 40; ++seed) {
            const ActionChoice c = t->act(data[0].input, seed, PolicyTrainer::ActMode::SampleAction);
            QVERIFY(!c.cellSampled);
            QVERIFY(std::abs(c.logProb - t->logProb(data[0].input, c.action, -1)) < 1e-6);
            if (c.action != 1 && c.action != 2) continue;
            ++clicks;
            if (!best.count(c.action)) {
                double b = -1e300;
                for (int cell = 0; cell < 32 * 32; ++cell)
                    b = std::max(b, t->logProb(data[0].input, c.action, cell));
                best[c.action] = b;
            }
            QVERIFY(std::abs(t->logProb(data[0].input, c.action, c.cell) - best[c.action]) < 1e-6);
        }
        QVERIFY(clicks > 0);
        QVERIFY(greedy.logProb <= 0.0);
    }

    void policyGradientFollowsTheAdvantage() {
        const PolicySpec spec = specV2();
        const auto data = toyData(spec, 3);
        for (const double advantage : {1.0, -1.0}) {
            auto t = makeTorchPolicyTrainer(spec, config(5), {});
            t->setLearningRate(1e-2);
            const ActionChoice c = t->act(data[0].input, 17, PolicyTrainer::ActMode::Sample);
            RlSample s;
            s.input = data[0].input;
            s.action = c.action;
            s.cell = c.cell;
            s.oldLogProb = c.logProb;
            s.advantage = advantage;
            RlStepConfig rc;
            const RlStepMetrics m = t->rlStep({&s}, rc);
            QVERIFY(std::abs(m.meanRatio - 1.0) < 1e-4);  // first step: the sampling policy itself
            const double after = t->logProb(data[0].input, c.action, c.cell);
            QVERIFY(std::abs(t->logProb(data[0].input, c.action, c.cell) - after) < 1e-9);
            if (advantage > 0)
                QVERIFY2(after > c.logProb, qPrintable(QString("%1 -> %2").arg(c.logProb).arg(after)));
            else
                QVERIFY2(after < c.logProb, qPrintable(QString("%1 -> %2").arg(c.logProb).arg(after)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyTrainer)
#include "tst_PolicyTrainer.moc"
