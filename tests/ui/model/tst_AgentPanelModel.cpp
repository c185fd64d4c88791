#include <QDateTime>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/io/VolumeIo.h"
#include "core/metrics/SegmentationMetrics.h"
#include "storage/db/ProjectDb.h"
#include "storage/export/Exporter.h"
#include "tests/agent/support/ScriptedChatServer.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/StudioModel.h"

using namespace medsam;

namespace {

std::vector<core::Actor> actors(const std::vector<core::Step>& steps) {
    std::vector<core::Actor> out;
    for (const auto& s : steps) out.push_back(s.actor);
    return out;
}
}  // namespace

// The agent, live, on the real T1 head: the person's box, then a policy continues the same exchange on the
// runner's worker; the person takes over while paused and hands back. The project must hold one session whose
// steps are the person's and the agent's in the order they happened.
class TestAgentPanelModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        mask = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        studio = std::make_unique<ui::StudioModel>(settings.get());
        project = dir.filePath(QStringLiteral("p%1.db").arg(++projects));
        studio->newProject(project);
        QVERIFY(test::waitUntil([&] { return !studio->busy(); }));
        studio->open(t1);
        QVERIFY(test::waitUntil([&] { return !studio->busy(); }));
        studio->loadLabelMap(mask);  // the reference: labels 5 and 6 are the brain
        QVERIFY(test::waitUntil([&] { return !studio->busy(); }));
        const auto& g = studio->viewer()->geometry();
        const int axis = core::displayAxes(g, core::AnatomicalPlane::Axial).normalAxis;
        slice = {axis, g.size[axis] / 2};
        ui::AiPromptModel* ai = studio->aiPrompt();
        QSignalSpy answered(ai, &ui::AiPromptModel::answered);
        ai->addBox(slice, 20, 10, 105, 115);  // the person's box around the head on the axial slice
        QVERIFY(test::waitUntil([&] { return answered.count() == 1; }));
    }
    void cleanup() { studio.reset(); }

    void boxClicksContinuesThePersonsBox() {
        ui::AgentPanelModel* agent = studio->agentPanel();
        agent->spec().policy = "box-clicks";
        agent->spec().boxClicks = 2;
        agent->setReferenceValues({5, 6});
        QVERIFY(agent->run());
        QVERIFY(test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }));
        QCOMPARE(agent->outcome(), QStringLiteral("stopped"));
        // The runner's timeline: the person's box, two agent clicks, the agent's stop; Dice on every prompt.
        const auto& timeline = agent->timeline()->steps();
        QCOMPARE(timeline.size(), std::size_t(4));
        QVERIFY(actors(timeline) == (std::vector<core::Actor>{core::Actor::Person, core::Actor::Agent,
                                                              core::Actor::Agent, core::Actor::Agent}));
        QVERIFY(timeline[1].action.kind == core::ActionKind::PositivePoint);
        QVERIFY(timeline[3].action.kind == core::ActionKind::Stop);
        QVERIFY(timeline[0].dice.has_value() && timeline[2].dice.has_value());
        // Each row with a mask has its thumbnail: the mask seen at a glance.
        const QImage thumb =
            agent->timeline()
                ->data(agent->timeline()->index(2, ui::AgentTimelineModel::Thumbnail), Qt::DecorationRole)
                .value<QImage>();
        QVERIFY(!thumb.isNull() && thumb.width() <= ui::AgentTimelineModel::kThumbnailSize);
        studio->aiPrompt()->accept();

        storage::ProjectDb db(project.toStdString());
        const auto sessions = db.sessions();
        QCOMPARE(sessions.size(), std::size_t(1));
        const auto steps = db.steps(sessions[0].id);
        QVERIFY(actors(steps) == actors(timeline));  // recorded once each, in order
        for (std::size_t i = 0; i < steps.size(); ++i) QCOMPARE(steps[i].index, int(i));
        QVERIFY(sessions[0].outcome == core::Outcome::Stopped);
        QVERIFY(studio->viewer()->labelVoxelCount(studio->brush()->activeLabel()) > 1000);
    }

    // The default agent is the built-in learned policy (resources/models): it loads on a worker, continues
    // the person's box with its own decisions and ends the episode by itself, with no reference and no
    // server.
    void theBuiltInLearnedPolicyIsTheDefaultAndRuns() {
        ui::AgentPanelModel* agent = studio->agentPanel();
        QCOMPARE(QString::fromStdString(agent->spec().policy), QStringLiteral("learned"));
        QCOMPARE(ui::AgentPanelModel::policies().front(), QStringLiteral("learned"));
        QVERIFY(agent->run());
        QVERIFY(
            test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }, 60000));
        const QString outcome = agent->outcome();
        QVERIFY2(outcome == QStringLiteral("stopped") || outcome == QStringLiteral("turn_limit"),
                 qPrintable(outcome));
        const auto& timeline = agent->timeline()->steps();
        QVERIFY(timeline.size() >= 2);
        QVERIFY(timeline.front().actor == core::Actor::Person);
        for (std::size_t i = 1; i < timeline.size(); ++i) QVERIFY(timeline[i].actor == core::Actor::Agent);
        studio->aiPrompt()->accept();
        QVERIFY(studio->viewer()->labelVoxelCount(studio->brush()->activeLabel()) > 1000);
    }

    // Take over and hand back: paused, the person clicks; the next agent turn comes after that click.
    void thePersonTakesOverAndHandsBack() {
        ui::AgentPanelModel* agent = studio->agentPanel();
        agent->spec().policy = "expert";
        agent->setReferenceValues({5, 6});
        agent->setMaxTurns(4);
        QVERIFY(agent->run(true));
        QCOMPARE(agent->state(), ui::AgentPanelModel::State::Paused);
        agent->stepOnce();  // the person's box is applied, then exactly one agent turn
        QVERIFY(test::waitUntil([&] { return agent->timeline()->rowCount() == 2; }));
        QTest::qWait(100);
        QCOMPARE(agent->timeline()->rowCount(), 2);  // paused: no further turn
        QSignalSpy answered(studio->aiPrompt(), &ui::AiPromptModel::answered);
        studio->aiPrompt()->addPoint(slice, 60, 60, true);  // the person's own click while paused
        QVERIFY(test::waitUntil([&] { return answered.count() == 1; }));
        agent->resume();
        QVERIFY(test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }));
        const auto& timeline = agent->timeline()->steps();
        QVERIFY(timeline.size() >= 4);
        QVERIFY(timeline[0].actor == core::Actor::Person);
        QVERIFY(timeline[1].actor == core::Actor::Expert);
        QVERIFY(timeline[2].actor == core::Actor::Person);  // the take-over click, before the next agent turn
        QVERIFY(timeline[2].action.kind == core::ActionKind::PositivePoint);
        QVERIFY(timeline.back().actor == core::Actor::Expert);
        studio->aiPrompt()->reject();
        storage::ProjectDb db(project.toStdString());
        const auto steps = db.steps(db.sessions().at(0).id);
        QVERIFY(actors(steps) == actors(timeline));
        QVERIFY(db.sessions()[0].outcome == core::Outcome::Cancelled);
    }

    // Accept the box's result, then propagate with the box policy: one undo step over many slices, 3D Dice
    // against the brain, one recorded session per propagated slice, all of one run.
    void propagationFromTheAcceptedSlice() {
        QSignalSpy errors(studio.get(), &ui::StudioModel::errorOccurred);
        studio->propagate();  // nothing accepted yet
        QCOMPARE(errors.count(), 1);
        studio->aiPrompt()->accept();
        QVERIFY(studio->lastAcceptedSlice().has_value());
        studio->agentPanel()->spec().policy = "box";
        QSignalSpy done(studio.get(), &ui::StudioModel::propagated);
        const int stepsBefore = studio->undoStack()->count();
        studio->setPropagationPaused(true);  // pauses after the first slice
        studio->propagate();
        QTest::qWait(500);
        QVERIFY(studio->busy());
        QCOMPARE(done.count(), 0);
        studio->setPropagationPaused(false);
        QVERIFY(test::waitUntil([&] { return done.count() == 1; }, 120000));
        QCOMPARE(errors.count(), 1);
        const int slices = done.at(0).at(0).toInt();
        QVERIFY2(slices >= 20, qPrintable(QString::number(slices)));
        QCOMPARE(studio->undoStack()->count(), stepsBefore + 1);
        const auto& labels = studio->viewer()->labelMap()->labels;
        const core::Mask brain = core::maskForValues(core::readLabelMap(mask.toStdString()).labels, {5, 6});
        const double d = core::dice(core::maskForValues(labels, {1}), brain);
        qInfo("propagated %d slices, 3D Dice %.4f against the brain", slices, d);
        QVERIFY2(d > 0.7, qPrintable(QString::number(d)));
        storage::ProjectDb db(project.toStdString());
        int propagatedSessions = 0;
        for (const auto& session : db.sessions())
            propagatedSessions += session.actor.settingsJson.find("propagation") != std::string::npos;
        QCOMPARE(propagatedSessions, slices);

        // Per-slice review: every propagated slice is listed; go to one, reject it (undoable), redo it.
        ui::PropagationReviewModel* review = studio->propagationReview();
        QCOMPARE(review->rowCount(), slices);
        const int row = review->rowCount() / 3;
        const int sliceIndex = review->rows()[std::size_t(row)].index;
        review->goTo(row);
        QCOMPARE(studio->viewer()->cursor()[slice.axis], sliceIndex);
        auto onSlice = [&] {
            const auto s = core::extractSlice(studio->viewer()->labelMap()->labels,
                                              core::SliceRef{slice.axis, sliceIndex});
            return std::count(s.voxels().begin(), s.voxels().end(), std::uint16_t(1));
        };
        const auto before = onSlice();
        QVERIFY(before > 0);
        review->reject(row);
        QCOMPARE(onSlice(), 0);
        studio->undoStack()->undo();
        QCOMPARE(onSlice(), before);
        QSignalSpy redone(review, &ui::PropagationReviewModel::redone);
        QVERIFY(review->redo(row));
        QVERIFY(test::waitUntil([&] { return redone.count() == 1; }));
        QVERIFY(onSlice() > 0);
        QVERIFY(review->rows()[std::size_t(row)].state == ui::PropagationReviewModel::State::Redone);
        studio->undoStack()->undo();  // the redo is one undo step
        QCOMPARE(onSlice(), before);
    }

    // The published agent over a real loopback server that answers two turns and then fails: the panel
    // reports the server's error, and the project keeps every earlier step plus the error step, in order.
    void mllmServerFailingMidRunLeavesEveryEarlierStep() {
        test::ScriptedChatServer server;
        const std::string click =
            R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [300, 400], "point_type": "positive"}}</tool_call>)";
        server.respondWithAssistant(click);
        server.respondWithAssistant(click);
        server.respond(400, R"({"error": {"message": "the model crashed"}})");
        ui::AgentPanelModel* agent = studio->agentPanel();
        agent->spec().policy = "mllm";
        agent->spec().server = server.baseUrl().toStdString();
        agent->spec().model = "medsam-agent";
        QSignalSpy errors(agent, &ui::AgentPanelModel::errorOccurred);
        QVERIFY(agent->run());
        QVERIFY(test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }));
        QCOMPARE(agent->outcome(), QStringLiteral("error"));
        QVERIFY(errors.count() >= 1);
        QVERIFY2(errors.last().at(0).toString().contains(QStringLiteral("400")),
                 qPrintable(errors.last().at(0).toString()));
        const auto& timeline = agent->timeline()->steps();
        QCOMPARE(timeline.size(), std::size_t(4));  // person box, two agent clicks, the error step
        QVERIFY(timeline[1].action.kind == core::ActionKind::PositivePoint);
        QVERIFY(!timeline[3].error.empty());
        QVERIFY(studio->aiPrompt()
                    ->active());  // the exchange waits for the person: Accept keeps the clicks' mask
        storage::ProjectDb db(project.toStdString());
        const auto steps = db.steps(db.sessions().at(0).id);
        QCOMPARE(steps.size(), std::size_t(4));
        QVERIFY(actors(steps) == actors(timeline));
        QVERIFY(!steps[3].error.empty());
        // No target typed: the agent was told the active label's name (its target text when it has one).
        QVERIFY(server.requests().at(0).body.contains("Label 1"));
    }

    // The key comes from the environment, reaches the server, and is written nowhere: not in QSettings, the
    // project database (with its WAL), the saved labels or an export of the session.
    void theApiKeyNeverLandsOnDisk() {
        const QByteArray key =
            "sk-test-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-not-on-disk";
        qputenv("MEDSAM_API_KEY", key);
        test::ScriptedChatServer server;
        server.respondWithAssistant(
            R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [300, 400], "point_type": "positive"}}</tool_call>)");
        server.respondWithAssistant(R"(<tool_call>{"name": "stop", "arguments": {}}</tool_call>)");
        runMllm(server);
        qunsetenv("MEDSAM_API_KEY");
        QCOMPARE(server.requests().at(0).headers.value("authorization"), "Bearer " + key);
        studio->aiPrompt()->accept();
        studio->saveLabels();
        QVERIFY(test::waitUntil([&] { return !studio->busy(); }));
        {
            storage::ProjectDb db(project.toStdString());
            db.addReview(db.sessions().at(0).id, storage::ReviewStatus::Approved, "test", "");
            storage::ExportOptions options;
            options.outDir = dir.filePath(QStringLiteral("export%1").arg(projects)).toStdString();
            QVERIFY(storage::exportProject(db, options).sessions == 1);
        }
        QStringList holding;
        const QStringList scanned = scanFiles(key, holding);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(' ') + QStringLiteral(" hold the API key")));
        QVERIFY2(scanned.contains(QStringLiteral("s.ini")), qPrintable(scanned.join(' ')));
        QVERIFY(scanned.contains(QFileInfo(project).fileName()));
        QVERIFY(scanned.contains(QStringLiteral("manifest.json")));
    }

    // The MLLM client's timeout and retries (the CLI's --timeout and --retries) are panel settings: bounded,
    // kept in QSettings for the next start (a damaged value falls back), and they reach the client: a server
    // that never answers costs one attempt of 1 s, not the default 3 x 60 s.
    void timeoutAndRetriesAreSettingsThatReachTheClient() {
        const QString file = dir.filePath(QStringLiteral("agent-settings.ini"));
        {
            QSettings fresh(file, QSettings::IniFormat);
            ui::StudioModel first(&fresh);
            ui::AgentPanelModel* panel = first.agentPanel();
            QCOMPARE(panel->timeoutSeconds(), 60);
            QCOMPARE(panel->retries(), 2);
            panel->setTimeoutSeconds(0);  // below the bound
            panel->setRetries(99);        // above it
            QCOMPARE(panel->timeoutSeconds(), 1);
            QCOMPARE(panel->retries(), ui::AgentPanelModel::kMaxRetries);
            panel->setTimeoutSeconds(15);
            panel->setRetries(0);
            QCOMPARE(panel->spec().serverTimeoutS, 15.0);
            QCOMPARE(panel->spec().serverRetries, 0);
        }
        {
            QSettings again(file, QSettings::IniFormat);
            ui::StudioModel second(&again);
            QCOMPARE(second.agentPanel()->timeoutSeconds(), 15);
            QCOMPARE(second.agentPanel()->retries(), 0);
            again.setValue(QStringLiteral("agent/timeoutSeconds"), QStringLiteral("soon"));
            again.setValue(QStringLiteral("agent/retries"), 1000);
        }
        {
            QSettings damaged(file, QSettings::IniFormat);
            ui::StudioModel third(&damaged);
            QCOMPARE(third.agentPanel()->timeoutSeconds(), 60);
            QCOMPARE(third.agentPanel()->retries(), ui::AgentPanelModel::kMaxRetries);
        }

        test::ScriptedChatServer server;
        server.hang();
        ui::AgentPanelModel* agent = studio->agentPanel();
        agent->spec().policy = "mllm";
        agent->spec().server = server.baseUrl().toStdString();
        agent->spec().model = "medsam-agent";
        agent->setTimeoutSeconds(1);
        agent->setRetries(0);
        QSignalSpy errors(agent, &ui::AgentPanelModel::errorOccurred);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(agent->run());
        QVERIFY(
            test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }, 20000));
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(server.requests().size(), 1);
        QString all;
        for (const auto& e : errors) all += e.at(0).toString() + QLatin1Char('\n');
        QVERIFY2(all.contains(QStringLiteral("within 1 s")), qPrintable(all));
    }

    // Without the environment's key and without a keychain (the tests have no Secret Service): the store says
    // so, a typed key serves this session only, reaches the server, and lands nowhere on disk (QtKeychain's
    // plaintext fallback into QSettings stays off).
    void aTypedKeyWithoutAKeychainServesTheSessionOnly() {
        qunsetenv("MEDSAM_API_KEY");
        qunsetenv("OPENAI_API_KEY");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");  // no desktop keychain to reach
        ui::ApiKeyStore* keys = studio->agentPanel()->apiKeys();
        keys->load();
        QVERIFY(test::waitUntil([&] { return !keys->busy(); }, 20000));
        QVERIFY2(keys->status().contains(QStringLiteral("No keychain available")),
                 qPrintable(keys->status()));
        QVERIFY(keys->key().isEmpty());
        const QByteArray key = "sk-typed-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-x";
        keys->setKey(QString::fromLatin1(key), true);
        QVERIFY(test::waitUntil([&] { return !keys->busy(); }, 20000));
        QVERIFY2(keys->status().contains(QStringLiteral("not saved")), qPrintable(keys->status()));
        QCOMPARE(keys->source(), ui::ApiKeyStore::Source::ThisSession);

        test::ScriptedChatServer server;
        server.respondWithAssistant(R"(<tool_call>{"name": "stop", "arguments": {}}</tool_call>)");
        runMllm(server);
        QCOMPARE(server.requests().at(0).headers.value("authorization"), "Bearer " + key);
        studio->aiPrompt()->accept();
        QVERIFY(test::waitUntil([&] { return !studio->busy(); }));
        QStringList holding;
        const QStringList scanned = scanFiles(key, holding);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(' ') + QStringLiteral(" hold the API key")));
        QVERIFY(scanned.contains(QStringLiteral("s.ini")) && scanned.contains(QFileInfo(project).fileName()));
    }

    void runningWithoutAPromptSaysWhatToDo() {
        studio->aiPrompt()->reject();
        QSignalSpy errors(studio->agentPanel(), &ui::AgentPanelModel::errorOccurred);
        QVERIFY(!studio->agentPanel()->run());
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains(QStringLiteral("AI prompt tool")));
        studio->aiPrompt()->addBox(slice, 20, 10, 105, 115);
        studio->agentPanel()->spec().policy = "mllm";  // without a server
        QVERIFY(!studio->agentPanel()->run());
        QVERIFY(errors.at(1).at(0).toString().contains(QStringLiteral("--server")));
    }

private:
    // The mllm policy against `server` until the episode ends.
    void runMllm(test::ScriptedChatServer& server) {
        ui::AgentPanelModel* agent = studio->agentPanel();
        agent->spec().policy = "mllm";
        agent->spec().server = server.baseUrl().toStdString();
        agent->spec().model = "medsam-agent";
        QVERIFY(agent->run());
        QVERIFY(test::waitUntil([&] { return agent->state() == ui::AgentPanelModel::State::Finished; }));
    }
    // Every file under the test folder (settings, projects with their WAL, labels, exports) read whole: the
    // names of those holding `secret`, in `holding`; the names of all, returned.
    QStringList scanFiles(const QByteArray& secret, QStringList& holding) {
        settings->sync();
        QStringList scanned;
        QDirIterator files(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly) || f.readAll().contains(secret)) holding << path;
            scanned << QFileInfo(path).fileName();
        }
        return scanned;
    }

    QTemporaryDir dir;
    int projects = 0;
    QString t1, mask, project;
    core::SliceRef slice;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<ui::StudioModel> studio;
};

QTEST_MAIN(TestAgentPanelModel)
#include "tst_AgentPanelModel.moc"
