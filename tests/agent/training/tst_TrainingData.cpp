#include <QtTest>
#include <cmath>
#include <set>

#include "agent/training/Augment.h"
#include "agent/training/ExpertSamples.h"
#include "agent/training/RlTraining.h"
#include "agent/training/TrainingPhantoms.h"
#include "tests/agent/training/TrainingTestUtil.h"

using namespace medsam;
using namespace medsam::agent;
using test::specV2;

namespace {

// A sample whose every plane is zero but for one cell per plane, at distinct places, so each symmetry's
// result can be predicted cell by cell.
SftSample markedSample(const PolicySpec& spec) {
    SftSample s;
    s.input.assign(spec.inputSize(), 0.0f);
    const int n = spec.width;
    for (int c = 0; c < spec.channels(); ++c)
        s.input[static_cast<std::size_t>(c) * n * n + (3 + c) * n + (1 + 2 * c)] = 0.5f;
    s.action = 1;
    s.cell = 5 * n + 2;
    s.box = {0.1f, 0.2f, 0.6f, 0.9f};
    return s;
}

int markedCell(const SftSample& s, const PolicySpec& spec, int channel) {
    const std::size_t plane = static_cast<std::size_t>(spec.width) * spec.height;
    for (std::size_t i = 0; i < plane; ++i)
        if (s.input[channel * plane + i] != 0.0f) return static_cast<int>(i);
    return -1;
}

}  // namespace

class TestTrainingData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phantomsAreDeterministicVariedAndLabelled() {
        const auto a = trainingPhantoms(60, 7), b = trainingPhantoms(60, 7), c = trainingPhantoms(60, 8);
        QCOMPARE(a.size(), std::size_t{60});
        std::set<std::string> kinds;
        bool ct = false, mr = false, differs = false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].slice.voxels(), b[i].slice.voxels());
            QCOMPARE(a[i].reference.voxels(), b[i].reference.voxels());
            differs = differs || a[i].slice.voxels() != c[i].slice.voxels();
            int pixels = 0;
            for (auto v : a[i].reference.voxels()) pixels += v;
            QVERIFY2(pixels >= 12, a[i].name.c_str());
            for (float v : a[i].slice.voxels()) QVERIFY(std::isfinite(v));
            const std::string& n = a[i].name;
            kinds.insert(n.substr(n.find('-', 8) + 1, n.rfind('-') - n.find('-', 8) - 1));
            ct = ct || n.find("-ct") != std::string::npos;
            mr = mr || n.find("-mr") != std::string::npos;
            QCOMPARE(a[i].group, a[i].name);
        }
        QVERIFY(differs);
        QVERIFY(ct && mr);
        QCOMPARE(kinds,
                 (std::set<std::string>{"blob", "lobed", "ring", "band", "multipart", "small", "faint"}));
    }

    void kindsCanBeRestricted() {
        for (const auto& c : trainingPhantoms(20, 4, {"ring", "band"}))
            QVERIFY2(c.name.find("-ring-") != std::string::npos || c.name.find("-band-") != std::string::npos,
                     c.name.c_str());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainingPhantoms(2, 1, {"cube"}));
    }

    void ringsAreHollow() {
        int rings = 0;
        for (const auto& c : trainingPhantoms(80, 3)) {
            if (c.name.find("-ring-") == std::string::npos) continue;
            ++rings;
            // The labelled pixels' centroid lies in the hole for a ring (not labelled itself).
            double sx = 0, sy = 0, n = 0;
            for (int y = 0; y < c.reference.height(); ++y)
                for (int x = 0; x < c.reference.width(); ++x)
                    if (c.reference.at(x, y)) sx += x, sy += y, ++n;
            QVERIFY2(!c.reference.at(static_cast<int>(sx / n + 0.5), static_cast<int>(sy / n + 0.5)),
                     c.name.c_str());
        }
        QVERIFY(rings > 3);
    }

    void symmetriesMoveInputCellAndBoxTogether() {
        const PolicySpec spec = specV2(16);
        const SftSample s = markedSample(spec);
        std::set<std::vector<float>> distinct;
        for (int sym = 0; sym < 8; ++sym) {
            const SftSample t = transformSample(s, spec, sym);
            distinct.insert(t.input);
            // The clicked cell moves exactly as the click's marker in a plane would: transform a marker at
            // the cell through the same symmetry by building it in channel 0.
            SftSample probe = s;
            std::fill(probe.input.begin(), probe.input.end(), 0.0f);
            probe.input[static_cast<std::size_t>(s.cell)] = 1.0f;
            QCOMPARE(markedCell(transformSample(probe, spec, sym), spec, 0), t.cell);
            // Each plane's marker moved by the same symmetry as plane 0's own marker would.
            for (int c = 0; c < spec.channels(); ++c) {
                SftSample one = s;
                std::fill(one.input.begin(), one.input.end(), 0.0f);
                one.input[static_cast<std::size_t>(markedCell(s, spec, c))] = 1.0f;
                QCOMPARE(markedCell(transformSample(one, spec, sym), spec, 0), markedCell(t, spec, c));
            }
            // The box stays sorted and keeps its area.
            QVERIFY(t.box[0] <= t.box[2] && t.box[1] <= t.box[3]);
            const float area = (t.box[2] - t.box[0]) * (t.box[3] - t.box[1]);
            QVERIFY(std::abs(area - 0.5f * 0.7f) < 1e-5f);
        }
        QCOMPARE(distinct.size(), std::size_t{8});  // eight different images
        // Mirrors are involutions.
        QCOMPARE(transformSample(transformSample(s, spec, 1), spec, 1).input, s.input);
        QCOMPARE(transformSample(transformSample(s, spec, 2), spec, 2).cell, s.cell);
        // Mirroring u maps the box's x fractions b -> 1 - b.
        const SftSample m = transformSample(s, spec, 1);
        QCOMPARE(m.box[0], 1.0f - 0.6f);
        QCOMPARE(m.box[2], 1.0f - 0.1f);
    }

    void intensityAugmentationTouchesOnlyTheSliceAndStaysInRange() {
        const PolicySpec spec = specV2(16);
        SftSample s = markedSample(spec);
        const std::size_t plane = 16 * 16;
        for (std::size_t i = 0; i < plane; ++i) s.input[i] = static_cast<float>(i) / plane;
        std::mt19937 rng(5);
        AugmentOptions noSymmetry;
        noSymmetry.dihedral = false;
        const SftSample a = augmentSample(s, spec, noSymmetry, rng);
        bool changed = false;
        for (std::size_t i = 0; i < plane; ++i) {
            QVERIFY(a.input[i] >= 0.0f && a.input[i] <= 1.0f);
            changed = changed || a.input[i] != s.input[i];
        }
        QVERIFY(changed);
        QVERIFY(std::equal(a.input.begin() + plane, a.input.end(), s.input.begin() + plane));
        QCOMPARE(a.cell, s.cell);
    }

    void groupAdvantagesAreStandardisedWithinTheGroup() {
        const auto a = groupAdvantages({1.0, 2.0, 3.0});
        QVERIFY(std::abs(a[0] + 1.2247449) < 1e-5 && std::abs(a[1]) < 1e-9 &&
                std::abs(a[2] - 1.2247449) < 1e-5);
        for (double v : groupAdvantages({0.7, 0.7, 0.7, 0.7})) QCOMPARE(v, 0.0);
        QVERIFY(groupAdvantages({}).empty());
    }

    void splitNeverCutsAnImage() {
        std::vector<TrainingCase> cases;
        for (int i = 0; i < 40; ++i) {
            TrainingCase c;
            c.name = "case" + std::to_string(i);
            c.group = "image" + std::to_string(i / 4);  // 4 slices per image
            cases.push_back(c);
        }
        std::vector<TrainingCase> kept, held;
        splitByGroup(cases, 0.3, 1, kept, held);
        QCOMPARE(kept.size() + held.size(), cases.size());
        QCOMPARE(held.size(), std::size_t{12});  // 3 of 10 images
        std::set<std::string> keptGroups;
        for (const auto& c : kept) keptGroups.insert(c.group);
        for (const auto& c : held) QVERIFY2(!keptGroups.count(c.group), c.group.c_str());
    }

    void decisionsMapToCellsAndBackWithinACell() {
        const PolicySpec spec = specV2(32);
        core::ImageGeometry g;
        g.size = {100, 80, 1};
        const core::Image<float> slice(g, 1.0f);
        const core::Mask mask(g);
        Observation o;
        o.slice = &slice;
        o.mask = &mask;
        o.history = {core::Action::box(30, 20, 60, 50)};
        o.turn = 1;
        const ModelFrame frame = modelFrame(o, spec);
        const SftSample click = sampleFromDecision(o, spec, frame, core::Action::point(41.3, 27.8, false));
        QCOMPARE(click.action, 2);
        QVERIFY(click.cell >= 0);
        const core::Action back =
            cellToSlicePoint(frame, spec, click.cell % 32, click.cell / 32, false, g.size[0], g.size[1]);
        const double cellSide = frame.width / 32;
        QVERIFY(std::abs(back.x0 - 41.3) <= cellSide / 2 + 1e-9 &&
                std::abs(back.y0 - 27.8) <= cellSide / 2 + 1e-9);
        const SftSample box = sampleFromDecision(o, spec, frame, core::Action::box(35, 25, 55, 45));
        QCOMPARE(box.action, 0);
        const core::Action b = boxFromFractions(box.box.data(), frame, 100, 80);
        QVERIFY(std::abs(b.x0 - 35) < 1e-4 && std::abs(b.y0 - 25) < 1e-4 && std::abs(b.x1 - 55) < 1e-4 &&
                std::abs(b.y1 - 45) < 1e-4);
        QCOMPARE(sampleFromDecision(o, spec, frame, core::Action::stop()).action, 3);
    }

    void expertSamplesAreDeterministicWhateverTheThreads() {
        const auto cases = trainingPhantoms(6, 11);
        ExpertSampleOptions one;
        one.episodesPerCase = 2;
        one.seed = 3;
        ExpertSampleOptions two = one;
        two.jobs = 2;
        const PolicySpec spec = specV2(32);
        const auto a = collectExpertSamples(cases, spec, one), b = collectExpertSamples(cases, spec, two);
        QVERIFY(a.size() >= 6);
        QCOMPARE(a.size(), b.size());
        std::set<int> actions;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].input, b[i].input);
            QCOMPARE(a[i].action, b[i].action);
            QCOMPARE(a[i].cell, b[i].cell);
            QCOMPARE(a[i].input.size(), spec.inputSize());
            actions.insert(a[i].action);
        }
        QVERIFY(actions.count(3));  // the expert stops
        QVERIFY(actions.count(1) || actions.count(2));
    }
};

QTEST_GUILESS_MAIN(TestTrainingData)
#include "tst_TrainingData.moc"
