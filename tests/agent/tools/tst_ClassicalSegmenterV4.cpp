#include <QtTest>
#include <stdexcept>

#include "agent/eval/Factories.h"
#include "agent/tools/ClassicalSegmenter.h"
#include "core/image/SliceRef.h"
#include "core/io/VolumeIo.h"
#include "tests/support/HardCases.h"
#include "tests/support/SimulatedAnnotator.h"
#include "tests/support/TestData.h"

using namespace medsam;
using agent::ClassicalSegmenter;

// classical-rw/4 (docs/tools.md, "Version 4"): a box answer that is the hole of a ring becomes the ring; and
// version 4 is the default tool.
class TestClassicalSegmenterV4 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // `--tool classical` (and AgentSpec's default) is the default version; every version is selectable by its
    // number, and one that does not exist is refused by name.
    void version4IsTheDefault() {
        QCOMPARE(agent::kDefaultClassicalVersion, 4);
        agent::AgentSpec spec;
        QCOMPARE(spec.tool, std::string("classical"));
        QCOMPARE(agent::makeTool(spec)->name(), std::string("classical-rw/4"));
        QCOMPARE(agent::classicalToolVersion("classical"), 4);
        QCOMPARE(agent::classicalToolVersion("classical1"), 1);
        QCOMPARE(agent::classicalToolVersion("sam"), 0);
        for (int v = 1; v <= 4; ++v) {
            QCOMPARE(ClassicalSegmenter(agent::classicalOptions(v)).name(),
                     "classical-rw/" + std::to_string(v));
            spec.tool = "classical" + std::to_string(v);
            QCOMPARE(agent::makeTool(spec)->name(), "classical-rw/" + std::to_string(v));
        }
        const auto v3 = agent::classicalV3Options();
        QVERIFY(!v3.ringAroundAnswer && agent::classicalV4Options().ringAroundAnswer);
        try {
            agent::classicalOptions(5);
            QFAIL("version 5 was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("version 5"), e.what());
        }
        spec.tool = "classical5";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, agent::makeTool(spec));
    }

    // An MR-like ring whose box answer in version 3 is the ring's hole (Dice near 0): version 4 answers with
    // the ring, and the version-3 answer stays what it was.
    void ringFromItsBox_data() {
        QTest::addColumn<unsigned>("seed");
        QTest::addColumn<double>("thickness");
        QTest::newRow("ring-1") << 301u << 6.0;
        QTest::newRow("ring-3") << 303u << 8.0;
    }
    void ringFromItsBox() {
        QFETCH(unsigned, seed);
        QFETCH(double, thickness);
        const auto ph = test::makeRingPhantom(160, seed, false, thickness);
        ClassicalSegmenter v3(agent::classicalV3Options()), v4(agent::classicalV4Options());
        const double d3 = test::annotate(v3, ph.image, ph.reference, 0)[0];
        const double d4 = test::annotate(v4, ph.image, ph.reference, 0)[0];
        qInfo("ring from its box: v3 %.3f, v4 %.3f", d3, d4);
        QVERIFY(d3 < 0.1);  // the hole: the case version 4 is for
        QVERIFY(d4 >= 0.85);
    }

    // A solid object with a blurred edge: a box answer that stops short of the box's sides leaves a
    // partial-volume band there, which lies between the object and the background, not a wall: no ring.
    void solidObjectsAreNotRings() {
        for (unsigned seed : {3u, 5u, 7u}) {
            const auto ph = test::makeLobedPhantom(128, seed);
            ClassicalSegmenter v3(agent::classicalV3Options()), v4(agent::classicalV4Options());
            agent::PromptSet prompts;
            prompts.box = test::boundingBox(ph.reference);
            // A box 6 % larger on each side, as a person's loose box.
            const double gx = 0.06 * (prompts.box->x1 - prompts.box->x0);
            const double gy = 0.06 * (prompts.box->y1 - prompts.box->y0);
            prompts.box = agent::BoxPrompt{prompts.box->x0 - gx, prompts.box->y0 - gy, prompts.box->x1 + gx,
                                           prompts.box->y1 + gy};
            v3.setImage(ph.image, "s");
            v4.setImage(ph.image, "s");
            QVERIFY(v3.predict(prompts, {}).mask.voxels() == v4.predict(prompts, {}).mask.voxels());
        }
    }

    // Where the real brain slices' box answers were good, version 4 gives the same answers.
    void brainSlicesUnchanged() {
        const QString t1Path = test::dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        const QString labelPath = test::dataPath("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
        MEDSAM_REQUIRE_DATA(t1Path);
        MEDSAM_REQUIRE_DATA(labelPath);
        const auto t1 = core::readVolume(t1Path.toStdString()).image;
        const auto labels = core::readVolume(labelPath.toStdString()).image;
        for (int k : {18, 30, 42}) {
            const core::SliceRef ref{2, k};
            const auto slice = core::extractSlice(t1, ref);
            const auto lab = core::extractSlice(labels, ref);
            core::Mask brain(lab.geometry());
            for (std::size_t i = 0; i < lab.voxels().size(); ++i)
                brain.voxels()[i] = lab.voxels()[i] == 5.0f || lab.voxels()[i] == 6.0f;
            ClassicalSegmenter v3(agent::classicalV3Options()), v4(agent::classicalV4Options());
            agent::PromptSet prompts;
            prompts.box = test::boundingBox(brain);
            v3.setImage(slice, "s");
            v4.setImage(slice, "s");
            QVERIFY(v3.predict(prompts, {}).mask.voxels() == v4.predict(prompts, {}).mask.voxels());
        }
    }
};

QTEST_APPLESS_MAIN(TestClassicalSegmenterV4)
#include "tst_ClassicalSegmenterV4.moc"
