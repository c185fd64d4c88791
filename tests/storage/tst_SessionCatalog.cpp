#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "storage/db/ProjectStats.h"
#include "storage/db/SessionCatalog.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;

// The sessions browser's queries on a 10,000-session project: every filter, sort and page is checked against
// what the generator (test::fillProject) put in, worked out independently from the session number.
class TestSessionCatalog : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<ProjectDb> db_;
    static constexpr int kSessions = 10000;

private Q_SLOTS:
    void initTestCase() {
        db_ = std::make_unique<ProjectDb>(ProjectDb::create(dir_.filePath("big.db").toStdString()));
        test::fillProject(*db_, kSessions);
    }

    void countsEverySessionAndEachStatus() {
        SessionCatalog catalog(*db_);
        QCOMPARE(catalog.count({}), kSessions);
        const auto counts = catalog.countsByStatus({});
        // n % 6 == 0 approved, 1 rejected, 2 flagged, the rest (3, 4, 5) never reviewed.
        QCOMPARE(counts.at(ReviewStatus::Approved), kSessions / 6);
        QCOMPARE(counts.at(ReviewStatus::Rejected), (kSessions + 5) / 6);
        QCOMPARE(counts.at(ReviewStatus::Flagged), (kSessions + 4) / 6);
        QCOMPARE(counts.at(ReviewStatus::NotStarted),
                 kSessions - kSessions / 6 - (kSessions + 5) / 6 - (kSessions + 4) / 6);
        SessionQuery approved;
        approved.statuses = {ReviewStatus::Approved};
        QCOMPARE(catalog.count(approved), kSessions / 6);
        // The counts a status filter chooses from ignore that filter itself.
        QCOMPARE(catalog.countsByStatus(approved).at(ReviewStatus::Rejected), (kSessions + 5) / 6);
    }

    void pagesAreDisjointAndCoverTheOrder() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        q.sortBy = SessionColumn::FinalDice;
        q.descending = true;
        std::set<Id> seen;
        double previous = 2.0;
        Id previousId = 0;
        for (int offset = 0; offset < kSessions; offset += 700) {
            for (const auto& row : catalog.page(q, offset, 700)) {
                QVERIFY2(seen.insert(row.id).second, "a session appeared on two pages");
                QVERIFY(row.finalDice.has_value());
                QVERIFY(*row.finalDice <= previous + 1e-12);
                if (std::abs(*row.finalDice - previous) < 1e-12) QVERIFY(row.id < previousId);  // ties by id
                previous = *row.finalDice;
                previousId = row.id;
            }
        }
        QCOMPARE(static_cast<int>(seen.size()), kSessions);
    }

    void rowsCarryWhatWasRecorded() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        const auto rows = catalog.page(q, 5, 3);  // sessions 6, 7, 8
        QCOMPARE(rows.size(), std::size_t(3));
        const SessionRow& six = rows[0];
        QCOMPARE(six.id, Id(6));
        QCOMPARE(six.steps, 1 + 6 % 5);
        QCOMPARE(*six.finalDice, 0.5 + 0.01 * (6 % 5));
        QVERIFY(six.status == ReviewStatus::Approved);
        QCOMPARE(six.reviewer, std::string("ana"));
        QCOMPARE(six.comment, std::string("fine"));
        QVERIFY(six.actor == core::Actor::Person);
        QCOMPARE(six.policy, std::string("expert"));  // policies[6 % 4]
        QCOMPARE(six.tool, std::string("medsam2"));
        QVERIFY(six.outcome == core::Outcome::Stopped);
        QVERIFY(six.reviewedAt.has_value());
        // Session 6 has 2 agent steps; 7 has 3, and step 2 is a person's (makeStep), so both actors.
        QCOMPARE(six.actors, std::string("agent"));
        QCOMPARE(rows[1].steps, 1 + 7 % 5);
        QCOMPARE(rows[1].actors, std::string("agent+person"));
        QVERIFY(rows[1].outcome == core::Outcome::FormatError);  // outcomes[7 % 4]
    }

    void filtersCombineInSql() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        q.policies = {"mllm"};                  // n % 4 == 0
        q.statuses = {ReviewStatus::Approved};  // n % 6 == 0
        q.minDice = 0.535;                      // n % 5 >= 4
        int expected = 0;
        for (int n = 1; n <= kSessions; ++n) expected += n % 4 == 0 && n % 6 == 0 && n % 5 == 4;
        QCOMPARE(catalog.count(q), expected);
        for (const auto& row : catalog.page(q, 0, kSessions)) {
            QCOMPARE(row.id % 12, Id(0));
            QCOMPARE(row.id % 5, Id(4));
        }
        SessionQuery people;
        people.actors = {"person"};  // the session's own actor (n % 3 == 0) or a person step (steps >= 3)
        expected = 0;
        for (int n = 1; n <= kSessions; ++n) expected += n % 3 == 0 || 1 + n % 5 >= 3;
        QCOMPARE(catalog.count(people), expected);
        SessionQuery labelAndTool;
        labelAndTool.labels = {"spleen"};
        labelAndTool.tools = {"classical-rw"};               // odd n
        labelAndTool.outcomes = {core::Outcome::TurnLimit};  // n % 4 == 1
        for (const auto& row : catalog.page(labelAndTool, 0, 100)) {
            QCOMPARE(row.label, std::string("spleen"));
            QCOMPARE(row.tool, std::string("classical-rw"));
            QVERIFY(row.outcome == core::Outcome::TurnLimit);
        }
        QVERIFY(catalog.count(labelAndTool) > 0);
    }

    void textSearchFindsCommentsUuidsAndPaths() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        q.text = "LOWER EDGE";  // case-insensitive, in the flagged sessions' comment
        QCOMPARE(catalog.count(q), (kSessions + 4) / 6);
        q.text = "4000-8000-100000000042";
        const auto rows = catalog.page(q, 0, 10);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].id, Id(42));
        q.text = "img17.nii";
        QVERIFY(catalog.count(q) > 0);
        for (const auto& row : catalog.page(q, 0, 1000))
            QVERIFY(row.image.find("img17.nii") != std::string::npos);
        q.text = "no such thing";
        QCOMPARE(catalog.count(q), 0);
    }

    void rowOfFollowsTheOrder() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        q.sortBy = SessionColumn::Id;
        q.descending = true;
        QCOMPARE(catalog.rowOf(q, kSessions).value(), 0);
        QCOMPARE(catalog.rowOf(q, 1).value(), kSessions - 1);
        q.statuses = {ReviewStatus::Approved};
        QVERIFY(!catalog.rowOf(q, 1).has_value());
        QCOMPARE(catalog.rowOf(q, 12).value(), kSessions / 6 - 2);
    }

    void distinctValuesListFilterChoices() {
        SessionCatalog catalog(*db_);
        QCOMPARE(catalog.distinctValues(SessionColumn::Policy),
                 (std::vector<std::string>{"box", "box-clicks", "expert", "mllm"}));
        QCOMPARE(catalog.distinctValues(SessionColumn::Reviewer), (std::vector<std::string>{"ana", "bo"}));
        QCOMPARE(catalog.distinctValues(SessionColumn::Label).size(), std::size_t(4));
    }

    void aNewReviewBecomesTheStatusAtOnce() {
        SessionCatalog catalog(*db_);
        db_->addReview(3, ReviewStatus::Approved, "dora", "");
        SessionQuery q;
        q.reviewers = {"dora"};
        const auto rows = catalog.page(q, 0, 10);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].id, Id(3));
        QVERIFY(rows[0].status == ReviewStatus::Approved);
    }

    // The overview's numbers, worked out from the generator's rules.
    void projectStatsSummariseTheProject() {
        const ProjectStats stats = projectStats(*db_, 6);
        QCOMPARE(stats.images, 20);
        QCOMPARE(stats.labels, 4);
        QCOMPARE(stats.sessions, kSessions);
        int people = 0;
        for (int n = 1; n <= kSessions; ++n) people += n % 3 == 0;
        QCOMPARE(stats.byActor.at("person"), people);
        QCOMPARE(stats.byStatus.at(ReviewStatus::Rejected), (kSessions + 5) / 6);
        QCOMPARE(stats.dicePerLabel.size(), std::size_t(4));
        // Policy "mllm" is n % 4 == 0; session n has 1 + n % 5 steps of Dice 0.5 + 0.01 * step.
        const auto& mllm = stats.diceByTurn.back();
        QCOMPARE(mllm.policy, std::string("mllm"));
        QCOMPARE(mllm.values.size(), std::size_t(5));  // the longest session has 5 steps, under maxTurns 6
        for (int k = 0; k < 5; ++k) {
            double sum = 0;
            int count = 0;
            for (int n = 4; n <= kSessions; n += 4) {
                sum += 0.5 + 0.01 * std::min(k, n % 5);
                ++count;
            }
            QVERIFY(std::abs(mllm.values[static_cast<std::size_t>(k)] - sum / count) < 1e-9);
        }
        QCOMPARE(mllm.sessions, kSessions / 4);
    }

    // Not a benchmark (bench/bench_sessions does that): a generous ceiling that catches a query turning
    // from SQL paging into a scan per row.
    void aFilteredPageIsInteractive() {
        SessionCatalog catalog(*db_);
        SessionQuery q;
        q.text = "spleen";
        q.sortBy = SessionColumn::FinalDice;
        QElapsedTimer timer;
        timer.start();
        catalog.count(q);
        catalog.page(q, 0, 200);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString("%1 ms").arg(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestSessionCatalog)
#include "tst_SessionCatalog.moc"
