#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/io/VolumeIo.h"
#include "core/metrics/SegmentationMetrics.h"
#include "storage/db/ProjectDb.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/StudioModel.h"

using namespace medsam;

// A person prompting the weight-free tool on the real T1 head: a box around the brain on an axial slice, a
// negative click, Accept. The preview must match the reference brain, Accept must respect locks and be one
// undo step, and the project must hold the person session with its steps in order.
class TestAiPromptModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boxClickAcceptIsRecordedAndUndoable() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        const QString mask = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ui::StudioModel studio(&settings);
        QSignalSpy errors(&studio, &ui::StudioModel::errorOccurred);
        const QString project = dir.filePath(QStringLiteral("p.db"));
        studio.newProject(project);
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));
        studio.open(t1);
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));

        // The reference brain (labels 5 and 6) on the middle axial slice, and its bounding box + 3 pixels.
        const core::LabelMap reference = core::readLabelMap(mask.toStdString());
        const auto& g = studio.viewer()->geometry();
        const int axis = core::displayAxes(g, core::AnatomicalPlane::Axial).normalAxis;
        const core::SliceRef slice{axis, g.size[axis] / 2};
        const core::Mask truth = core::extractSlice(core::maskForValues(reference.labels, {5, 6}), slice);
        int x0 = truth.width(), y0 = truth.height(), x1 = -1, y1 = -1;
        for (int y = 0; y < truth.height(); ++y)
            for (int x = 0; x < truth.width(); ++x)
                if (truth.at(x, y))
                    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        QVERIFY(x1 > x0 && y1 > y0);

        // A locked patch of label 7 inside the box must survive Accept.
        auto& labels = studio.viewer()->beginEdit();
        const auto [u, v] = core::inPlaneAxes(axis);
        std::array<int, 3> locked{};
        locked[axis] = slice.index;
        locked[u] = (x0 + x1) / 2;
        locked[v] = (y0 + y1) / 2;
        labels.at(locked[0], locked[1], locked[2]) = 7;
        studio.viewer()->finishEdit(core::LabelDelta{});
        studio.viewer()->setLabelLocked(7, true);
        const std::vector<std::uint16_t> beforeAccept = studio.viewer()->labelMap()->labels.voxels();

        ui::AiPromptModel* ai = studio.aiPrompt();
        QSignalSpy answered(ai, &ui::AiPromptModel::answered);
        ai->addBox(slice, x0 - 3, y0 - 3, x1 + 3, y1 + 3);
        QVERIFY(test::waitUntil([&] { return answered.count() == 1; }));
        QVERIFY(ai->preview());
        const double boxDice = core::dice(*ai->preview(), truth);
        qInfo("Dice of the box preview: %.4f", boxDice);
        QVERIFY2(boxDice > 0.85, qPrintable(QString::number(boxDice)));
        ai->addPoint(slice, x0 - 2, y0 - 2, false);  // a negative click outside the head
        QVERIFY(test::waitUntil([&] { return answered.count() == 2; }));
        QCOMPARE(ai->prompts().points.size(), std::size_t(1));
        ai->accept();
        QVERIFY(!ai->active());

        const auto& after = studio.viewer()->labelMap()->labels;
        QCOMPARE(after.at(locked[0], locked[1], locked[2]), std::uint16_t(7));
        const double labelDice =
            core::dice(core::extractSlice(core::maskForValues(after, {1}), slice), truth);
        QVERIFY2(labelDice > 0.85, qPrintable(QString::number(labelDice)));
        QCOMPARE(studio.undoStack()->count(), 1);
        studio.undoStack()->undo();
        QVERIFY(studio.viewer()->labelMap()->labels.voxels() == beforeAccept);
        QCOMPARE(errors.count(), 0);

        storage::ProjectDb db(project.toStdString());
        const auto sessions = db.sessions();
        QCOMPARE(sessions.size(), std::size_t(1));
        QVERIFY(sessions[0].actor.actor == core::Actor::Person);
        QCOMPARE(sessions[0].actor.tool, std::string("classical-rw/4"));  // the default tool's version
        QVERIFY(sessions[0].outcome == core::Outcome::Stopped);
        const auto steps = db.steps(sessions[0].id);
        QCOMPARE(steps.size(), std::size_t(2));
        QVERIFY(steps[0].action.kind == core::ActionKind::Box);
        QVERIFY(steps[1].action.kind == core::ActionKind::NegativePoint);
        QVERIFY(steps[0].actor == core::Actor::Person);
        QVERIFY(db.finalMaskOfSession(sessions[0].id).has_value());
    }

    // A SAM-family model folder chosen in the settings: the weightless synthetic model the CLI writes, loaded
    // through the torch plugin on the AI tool's worker with the first prompt; the session names the tool.
    void samModelFolderIsLoadedOnTheWorker() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        QTemporaryDir dir;
        QProcess write;
        write.start(QStringLiteral(MEDSAM_AGENT_EXE),
                    {QStringLiteral("sam-check"), QStringLiteral("--write-synthetic"),
                     dir.filePath(QStringLiteral("sam"))});
        QVERIFY(write.waitForFinished(120000));
        QCOMPARE(write.exitCode(), 0);
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ui::StudioModel studio(&settings);
        studio.setSamModel(dir.filePath(QStringLiteral("sam")));
        QSignalSpy errors(&studio, &ui::StudioModel::errorOccurred);
        studio.newProject(dir.filePath(QStringLiteral("p.db")));
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));
        studio.open(t1);
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));
        ui::AiPromptModel* ai = studio.aiPrompt();
        QSignalSpy answered(ai, &ui::AiPromptModel::answered);
        ai->addBox({1, 64}, 20, 10, 100, 50);
        QVERIFY(test::waitUntil([&] { return answered.count() == 1; }));
        QCOMPARE(errors.count(), 0);
        QVERIFY2(ai->toolName().startsWith(QStringLiteral("sam/")), qPrintable(ai->toolName()));
        QVERIFY(ai->preview());
        // The agent continues with the same model, made on the panel's worker.
        ui::AgentPanelModel* agent = studio.agentPanel();
        agent->spec().policy = "box-clicks";
        QVERIFY(agent->run());
        QVERIFY(test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }));
        QCOMPARE(agent->outcome(), QStringLiteral("stopped"));
        QVERIFY(agent->timeline()->rowCount() >= 3);
        ai->accept();
        storage::ProjectDb db(dir.filePath(QStringLiteral("p.db")).toStdString());
        QCOMPARE(QString::fromStdString(db.sessions().at(0).actor.tool), ai->toolName());
        // Remembered for the next start; a folder that is not a model is the first prompt's clear error.
        QCOMPARE(settings.value(QStringLiteral("ai/samModel")).toString(),
                 dir.filePath(QStringLiteral("sam")));
        studio.setSamModel(dir.path());
        ai->addBox({1, 64}, 20, 10, 100, 50);
        QVERIFY(test::waitUntil([&] { return answered.count() == 2; }));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.at(0).at(1).toString().contains(dir.path()),
                 qPrintable(errors.at(0).at(1).toString()));
    }

    void rejectDiscardsAndRecordsACancelledSession() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ui::StudioModel studio(&settings);
        const QString project = dir.filePath(QStringLiteral("p.db"));
        studio.newProject(project);
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));
        studio.open(t1);
        QVERIFY(test::waitUntil([&] { return !studio.busy(); }));
        ui::AiPromptModel* ai = studio.aiPrompt();
        QSignalSpy answered(ai, &ui::AiPromptModel::answered);
        const core::SliceRef slice{1, 64};
        ai->addPoint(slice, 60, 30, true);
        QVERIFY(test::waitUntil([&] { return answered.count() == 1; }));
        ai->reject();
        QVERIFY(!ai->active());
        QVERIFY(!studio.viewer()->labelMap() || studio.viewer()->labelValues().empty());
        QCOMPARE(studio.undoStack()->count(), 0);
        storage::ProjectDb db(project.toStdString());
        QCOMPARE(db.sessions().size(), std::size_t(1));
        QVERIFY(db.sessions()[0].outcome == core::Outcome::Cancelled);
        QCOMPARE(db.steps(db.sessions()[0].id).size(), std::size_t(1));
    }
};

QTEST_MAIN(TestAiPromptModel)
#include "tst_AiPromptModel.moc"
