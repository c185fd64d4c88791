#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "core/codec/MaskCodec.h"
#include "storage/db/Correction.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;

class TestCorrection : public QObject {
    Q_OBJECT

    static Id agentSession(ProjectDb& db, int steps, bool finish = true) {
        const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
        for (int i = 0; i < steps; ++i) db.appendStep(s, test::makeStep(i, 64, 48));
        if (finish) db.finishSession(s, core::Outcome::Stopped, test::makeStep(steps - 1, 64, 48).mask);
        return s;
    }

private Q_SLOTS:
    void aCorrectionIsALinkedSessionWithTheNewMask() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString(), "lead");
        const Id original = agentSession(db, 3);
        const auto originalSteps = db.steps(original);
        const core::Mask before = core::decodeMask(originalSteps.back().mask);
        core::Mask corrected = test::disc(64, 48, 20, 20, 9);
        std::size_t added = 0, removed = 0;
        for (std::size_t n = 0; n < before.voxels().size(); ++n) {
            added += !before.voxels()[n] && corrected.voxels()[n];
            removed += before.voxels()[n] && !corrected.voxels()[n];
        }
        QVERIFY(added > 0 && removed > 0);

        const Correction c = recordCorrection(db, original, corrected, "rita", "lower edge fixed");
        QCOMPARE(c.added, added);
        QCOMPARE(c.removed, removed);
        const auto session = db.session(c.sessionId).value();
        QCOMPARE(session.uuid, c.uuid);
        QCOMPARE(session.taskId, db.session(original)->taskId);
        QVERIFY(session.actor.actor == core::Actor::Person);
        QCOMPARE(session.actor.annotator, std::string("rita"));
        QCOMPARE(session.actor.policy, std::string(kCorrectionPolicy));
        const auto settings = nlohmann::json::parse(session.actor.settingsJson);
        QCOMPARE(settings.at("corrects").get<std::string>(), db.session(original)->uuid);
        QCOMPARE(settings.at("base_steps").get<int>(), 3);

        // The original's steps, then the reviewer's.
        const auto steps = db.steps(c.sessionId);
        QCOMPARE(steps.size(), std::size_t(4));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(steps[i].action == originalSteps[i].action);
            QVERIFY(steps[i].mask == originalSteps[i].mask);
        }
        QVERIFY(steps[3].actor == core::Actor::Person);
        QVERIFY(core::decodeMask(steps[3].mask).voxels() == corrected.voxels());
        // The original is untouched.
        QCOMPARE(db.steps(original).size(), std::size_t(3));

        // The task's final mask is the correction, as the next version.
        const auto finals = db.finalMasks(db.task(session.taskId)->imageId, db.task(session.taskId)->labelId);
        QCOMPARE(finals.size(), std::size_t(2));
        QCOMPARE(finals.back().version, 2);
        QVERIFY(core::decodeMask(finals.back().mask).voxels() == corrected.voxels());

        QVERIFY(db.session(original)->status == ReviewStatus::Completed);
        QCOMPARE(db.reviews(original).back().comment, "corrected in session " + c.uuid);
        QVERIFY(db.session(c.sessionId)->status == ReviewStatus::Approved);
        QCOMPARE(db.reviews(c.sessionId).back().reviewer, std::string("rita"));
        bool audited = false;
        for (const auto& e : db.auditLog()) {
            if (e.action == "correct") {
                audited = e.who == "lead" && e.detail.find("rita") != std::string::npos &&
                          e.detail.find(c.uuid) != std::string::npos;
            }
        }
        QVERIFY(audited);
    }

    void refusesWhatCannotBeCorrected() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const Id running = agentSession(db, 2, false);
        const core::Mask m = test::disc(64, 48, 20, 20, 9);
        try {
            recordCorrection(db, running, m, "rita", "");
            QFAIL("a running session was corrected");
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("still running") != std::string::npos, e.what());
        }
        const Id done = agentSession(db, 2);
        try {
            recordCorrection(db, done, test::disc(32, 48, 10, 10, 4), "rita", "");
            QFAIL("a mask of another shape was accepted");
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("session " + std::to_string(done)) != std::string::npos,
                     e.what());
        }
        const auto sessionsBefore = db.sessions().size();
        try {
            recordCorrection(db, 999, m, "rita", "");
            QFAIL("a missing session was corrected");
        } catch (const StorageError&) {
        }
        QCOMPARE(db.sessions().size(), sessionsBefore);
    }
};

QTEST_GUILESS_MAIN(TestCorrection)
#include "tst_Correction.moc"
