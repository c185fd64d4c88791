#include <QTemporaryDir>
#include <QtTest>

#include "storage/db/Merge.h"
#include "storage/sqlite/Sqlite.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;

class TestMerge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void joinsProjectsWithoutDuplicates() {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.db").toStdString(), b = dir.filePath("b.db").toStdString();
        Id sa = 0, sb = 0;
        {
            ProjectDb db = ProjectDb::create(a);
            sa = db.beginSession(test::addSampleTask(db, 1, "liver"), ActorInfo{});
            db.appendStep(sa, test::makeStep(0, 64, 48));
            db.finishSession(sa, core::Outcome::Stopped, test::makeStep(0, 64, 48).mask);
        }
        {
            ProjectDb db = ProjectDb::create(b);
            // Same image (content) and label name, plus a new image and a label whose value clashes.
            test::addSampleTask(db, 1, "liver");
            core::LabelInfo spleen{1, "spleen", {0, 0, 255}, "the spleen"};
            db.connection().exec("DELETE FROM tasks; DELETE FROM labels");
            db.addLabel(spleen);
            const Id t = test::addSampleTask(db, 2, "spleen");
            sb = db.beginSession(t, ActorInfo{core::Actor::Person, "bo", "", "", "manual", "", "{}"});
            for (int i = 0; i < 3; ++i) db.appendStep(sb, test::makeStep(i, 64, 48));
            db.finishSession(sb, core::Outcome::Stopped, test::makeStep(2, 64, 48).mask);
            db.addReview(sb, ReviewStatus::Approved, "ana", "good");
        }
        ProjectDb into(a);
        std::vector<std::size_t> progress;
        Progress p;
        p.report = [&](std::size_t done, std::size_t, const std::string&) { progress.push_back(done); };
        const MergeReport r = mergeProject(into, b, p);
        QCOMPARE(r.imagesMatched, 1);
        QCOMPARE(r.imagesAdded, 1);
        QCOMPARE(r.labelsAdded, 1);
        QCOMPARE(r.sessionsAdded, 1);
        QCOMPARE(r.stepsAdded, 3);
        QCOMPARE(r.finalMasksAdded, 1);
        QCOMPARE(r.reviewsAdded, 1);
        QVERIFY(!progress.empty());
        QCOMPARE(into.images().size(), std::size_t(2));
        const auto spleen = into.labelByName("spleen");
        QCOMPARE(spleen->info.value, std::uint16_t(2));  // 1 was taken by liver
        const auto sessions = into.sessions();
        QCOMPARE(sessions.size(), std::size_t(2));
        QVERIFY(sessions[1].status == ReviewStatus::Approved);
        QCOMPARE(sessions[1].actor.annotator, std::string("bo"));
        QVERIFY(into.steps(sessions[1].id)[2].mask == test::makeStep(2, 64, 48).mask);

        // Merging again adds nothing.
        const MergeReport again = mergeProject(into, b);
        QCOMPARE(again.sessionsAdded, 0);
        QCOMPARE(again.sessionsSkipped, 1);
        QCOMPARE(again.stepsAdded + again.finalMasksAdded + again.reviewsAdded + again.imagesAdded, 0);
        QCOMPARE(into.sessions().size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(into.integrityCheck()), QStringLiteral("ok"));
        QVERIFY_THROWS_EXCEPTION(StorageError, mergeProject(into, a));
    }

    void cancelLeavesTheProjectUnchanged() {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.db").toStdString(), b = dir.filePath("b.db").toStdString();
        ProjectDb::create(a);
        {
            ProjectDb db = ProjectDb::create(b);
            db.beginSession(test::addSampleTask(db), ActorInfo{});
        }
        ProjectDb into(a);
        std::atomic<bool> cancel{true};
        Progress p;
        p.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, mergeProject(into, b, p));
        QCOMPARE(into.images().size(), std::size_t(0));
        QCOMPARE(into.sessions().size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestMerge)
#include "tst_Merge.moc"
