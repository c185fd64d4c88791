#include <QElapsedTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/codec/MaskCodec.h"
#include "core/io/VolumeIo.h"
#include "storage/db/ProjectDb.h"
#include "storage/util/ContentHash.h"
#include "tests/storage/StorageTestUtil.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/ReviewModel.h"
#include "ui/model/SliceEdit.h"
#include "ui/model/SliceViewModel.h"
#include "ui/model/StudioModel.h"

using namespace medsam;
using ui::ReviewModel;
using ui::SessionBrowserModel;
using ui::StudioModel;

namespace {

bool waitIdle(StudioModel& studio) {
    return test::waitUntil([&] { return !studio.busy(); });
}

}  // namespace

class TestReviewModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    // The browser on a 10,000-session project: a page at a time, sorting and filtering in SQL.
    void browserPagesSortsAndFiltersTenThousandSessions() {
        const std::string path = dir_.filePath(QStringLiteral("big.db")).toStdString();
        {
            storage::ProjectDb db = storage::ProjectDb::create(path);
            storage::test::fillProject(db, 10000);
        }
        auto db = std::make_shared<storage::ProjectDb>(path);
        SessionBrowserModel browser;
        QElapsedTimer timer;
        timer.start();
        browser.setProject(db);
        const qint64 openMs = timer.elapsed();
        QCOMPARE(browser.totalCount(), 10000);
        QCOMPARE(browser.rowCount(), SessionBrowserModel::kPageSize);
        QVERIFY(browser.canFetchMore({}));
        browser.fetchMore({});
        QCOMPARE(browser.rowCount(), 2 * SessionBrowserModel::kPageSize);
        // Newest first by default.
        QCOMPARE(browser.rowAt(0)->id, storage::Id(10000));
        QCOMPARE(browser.data(browser.index(0, SessionBrowserModel::Id)).toLongLong(), 10000);

        browser.sort(SessionBrowserModel::FinalDice, Qt::DescendingOrder);
        QCOMPARE(browser.rowCount(), SessionBrowserModel::kPageSize);
        QCOMPARE(browser.data(browser.index(0, SessionBrowserModel::FinalDice)).toString(),
                 QStringLiteral("0.540"));
        QCOMPARE(browser.data(browser.index(0, SessionBrowserModel::Steps)).toInt(), 5);

        storage::SessionQuery q;
        q.statuses = {storage::ReviewStatus::Flagged};
        q.text = "liver";
        timer.restart();
        browser.setQuery(q);
        const qint64 filterMs = timer.elapsed();
        int expected = 0;
        for (int n = 1; n <= 10000; ++n) {
            // fillProject: task n % 240; tasks are 20 images x 4 labels x 3 slices, labels in order.
            expected += n % 6 == 2 && (n % 240) / 3 % 4 == 0;
        }
        QCOMPARE(browser.totalCount(), expected);
        QCOMPARE(browser.data(browser.index(0, SessionBrowserModel::Status)).toString(),
                 SessionBrowserModel::statusText(storage::ReviewStatus::Flagged));
        QCOMPARE(browser.data(browser.index(0, SessionBrowserModel::Label)).toString(),
                 QStringLiteral("liver"));
        // The counts per status ignore the status filter.
        QCOMPARE(browser.statusCounts().count(storage::ReviewStatus::Approved), std::size_t(1));
        // A session deep in the order: its page is loaded on demand.
        q = {};
        browser.setQuery(q);
        const auto row = browser.rowOfSession(3);
        QVERIFY(row.has_value());
        QVERIFY(browser.rowCount() > *row);
        QCOMPARE(browser.rowAt(*row)->id, storage::Id(3));
        qInfo("10,000 sessions: open %lld ms, filter %lld ms", openMs, filterMs);
    }

    // Select a session: its image opens at its slice, the replay shows each stored mask bit-exact.
    void replayShowsTheStoredStepsOnTheirSlice() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        const QString project = dir_.filePath(QStringLiteral("replay.db"));
        const storage::Id first = test::projectWithT1Sessions(project, t1, 2);
        QSettings settings(dir_.filePath(QStringLiteral("s1.ini")), QSettings::IniFormat);
        StudioModel studio(&settings);
        ReviewModel review(&studio);
        studio.openProject(project, false);
        QVERIFY(waitIdle(studio));
        QCOMPARE(review.browser()->totalCount(), 2);
        review.selectSession(first);
        QVERIFY(waitIdle(studio));
        QVERIFY(studio.viewer()->hasImage());
        QCOMPARE(studio.viewer()->cursor()[2], 31);

        ui::ReplayModel* replay = review.replay();
        QCOMPARE(replay->stepCount(), 3);
        storage::ProjectDb db(project.toStdString());
        const auto stored = db.steps(first);
        // The view across k (the task's axis; this T1's axial plane is across j).
        std::unique_ptr<ui::SliceViewModel> view;
        for (auto plane : {core::AnatomicalPlane::Axial, core::AnatomicalPlane::Coronal,
                           core::AnatomicalPlane::Sagittal}) {
            auto candidate = std::make_unique<ui::SliceViewModel>(plane, studio.viewer());
            if (candidate->axes().normalAxis == 2) view = std::move(candidate);
        }
        QVERIFY(view);
        ui::SliceViewModel& axial = *view;
        axial.setReplay(replay);
        for (int i = 0; i < 3; ++i) {
            replay->setStep(i);
            QVERIFY(replay->mask());
            QVERIFY(replay->mask()->voxels() ==
                    core::decodeMask(stored[static_cast<std::size_t>(i)].mask).voxels());
        }
        replay->first();
        const auto overlay = axial.aiOverlay();
        QVERIFY(overlay.replay);
        QVERIFY(!overlay.box.isNull());  // step 0 is a box
        QVERIFY(!overlay.preview.isNull());
        replay->last();
        QCOMPARE(axial.aiOverlay().points.size(), std::size_t(2));  // the clicks after the box
        // Playing runs to the end and stops.
        replay->first();
        replay->setStepsPerSecond(20);
        replay->setPlaying(true);
        QVERIFY(test::waitUntil([&] { return !replay->playing(); }, 5000));
        QCOMPARE(replay->current(), 2);
    }

    // A, R and C land in the project and its audit log under the reviewer's name; approve moves on.
    void reviewsAndACorrectionLandInTheProject() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        qputenv("USER", "rita");
        const QString project = dir_.filePath(QStringLiteral("review.db"));
        test::projectWithT1Sessions(project, t1, 3);
        QSettings settings(dir_.filePath(QStringLiteral("s2.ini")), QSettings::IniFormat);
        StudioModel studio(&settings);
        ReviewModel review(&studio);
        studio.openProject(project, false);
        QVERIFY(waitIdle(studio));
        review.selectRow(0);  // newest first: session 3
        QVERIFY(waitIdle(studio));
        QCOMPARE(review.selected().value(), storage::Id(3));
        review.approve(QStringLiteral("clean"));
        QCOMPARE(review.selected().value(), storage::Id(2));  // moved on
        review.reject(QStringLiteral("leaks"));
        QCOMPARE(review.selected().value(), storage::Id(1));
        QVERIFY(waitIdle(studio));
        review.requestCorrection(QStringLiteral("too round"));
        QVERIFY(review.correcting());
        // The session's final mask is now label 7 on slice 31; the reviewer erases a band of it.
        const auto* labels = studio.viewer()->labelMap().get();
        QVERIFY(labels);
        const core::Mask finalMask = storage::test::disc(128, 128, 60, 64, 36);
        for (int y = 0; y < 128; ++y)
            for (int x = 0; x < 128; ++x) QCOMPARE(labels->labels.at(x, y, 31) == 7, finalMask.at(x, y) != 0);
        ui::commitSliceEdit(
            *studio.viewer(), *studio.undoStack(), core::SliceRef{2, 31},
            [](std::uint16_t v, int, int y) -> std::uint16_t { return y < 40 && v == 7 ? 0 : v; },
            QStringLiteral("erase"));
        QSignalSpy saved(&review, &ReviewModel::correctionSaved);
        review.saveCorrection(QStringLiteral("top trimmed"));
        QCOMPARE(saved.count(), 1);
        QVERIFY(!review.correcting());

        storage::ProjectDb db(project.toStdString());
        QVERIFY(db.session(3)->status == storage::ReviewStatus::Approved);
        QCOMPARE(db.reviews(3).back().reviewer, std::string("rita"));
        QCOMPARE(db.reviews(3).back().comment, std::string("clean"));
        QVERIFY(db.session(2)->status == storage::ReviewStatus::Rejected);
        QVERIFY(db.session(1)->status == storage::ReviewStatus::Completed);
        QCOMPARE(db.reviews(1).size(), std::size_t(2));  // flagged, then completed
        QVERIFY(db.reviews(1).front().status == storage::ReviewStatus::Flagged);
        const storage::Id correction = saved.at(0).at(1).value<storage::Id>();
        const auto fm = db.finalMaskOfSession(correction).value();
        const core::Mask corrected = core::decodeMask(fm.mask);
        for (int y = 0; y < 128; ++y)
            for (int x = 0; x < 128; ++x) QCOMPARE(corrected.at(x, y) != 0, finalMask.at(x, y) && y >= 40);
        int reviewsAudited = 0, corrections = 0;
        for (const auto& e : db.auditLog()) {
            reviewsAudited += e.action == "review" && e.who == "rita";
            corrections += e.action == "correct" && e.who == "rita";
        }
        QCOMPARE(reviewsAudited, 5);  // approve, reject, flag, completed, the correction's approval
        QCOMPARE(corrections, 1);
    }
};

QTEST_MAIN(TestReviewModel)
#include "tst_ReviewModel.moc"
