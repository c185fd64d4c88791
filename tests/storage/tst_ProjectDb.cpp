#include <sqlite3.h>
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "storage/db/ProjectDb.h"
#include "storage/db/Schema.h"
#include "storage/sqlite/Sqlite.h"
#include "storage/util/Sha256.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;
namespace fs = std::filesystem;

namespace {
std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Expects opening to throw a StorageError whose message contains `needle`, and the file to be unchanged.
void expectRefused(const std::string& path, const QString& needle) {
    const std::string before = fileBytes(path);
    try {
        ProjectDb db(path);
        QFAIL("opening should have failed");
    } catch (const StorageError& e) {
        QVERIFY2(QString(e.what()).contains(needle), e.what());
    }
    QVERIFY(fileBytes(path) == before);
}

// Runs `read` and expects a StorageError that names every one of `needles`.
template <typename Read>
void expectStorageError(Read read, const QStringList& needles) {
    try {
        read();
        QFAIL("reading should have failed");
    } catch (const StorageError& e) {
        for (const QString& needle : needles) QVERIFY2(QString(e.what()).contains(needle), e.what());
    }
}
}  // namespace

class TestProjectDb : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsAProjectWithTheCurrentSchema() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        ProjectDb db = ProjectDb::create(path, "tester");
        QCOMPARE(db.schemaVersion(), currentSchemaVersion());
        QCOMPARE(db.projectUuid().size(), std::size_t(36));
        QCOMPARE(QString::fromStdString(db.integrityCheck()), QStringLiteral("ok"));
        auto mode = db.connection().prepare("PRAGMA journal_mode");
        mode.step();
        QCOMPARE(QString::fromStdString(mode.text(0)), QStringLiteral("wal"));
        auto fk = db.connection().prepare("PRAGMA foreign_keys");
        fk.step();
        QCOMPARE(fk.integer(0), 1);
        QVERIFY_THROWS_EXCEPTION(StorageError, ProjectDb::create(path));
        QVERIFY_THROWS_EXCEPTION(StorageError, ProjectDb(dir.filePath("missing.db").toStdString()));
        QCOMPARE(QString::fromStdString(db.auditLog().at(0).who), QStringLiteral("tester"));
    }

    void imagesAreDeduplicatedAndPathsRelative() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const Id task = test::addSampleTask(db, 1);
        QCOMPARE(test::addSampleTask(db, 1), task);  // same content, same label, same slice
        QCOMPARE(db.images().size(), std::size_t(1));
        const auto img = db.images().front();
        QCOMPARE(QString::fromStdString(img.storedPath), QStringLiteral("img1.nii.gz"));
        QCOMPARE(QString::fromStdString(img.absolutePath), dir.filePath("img1.nii.gz"));
        QCOMPARE(img.geometry.size, (core::Size3{64, 48, 3}));
        QCOMPARE(img.geometry.spacing[2], 2.5);
        QCOMPARE(img.geometry.origin[1], -90.0);

        ImageInput outside;
        outside.path = "/opt/elsewhere/ct.nii";
        outside.contentHash = "abc";
        const Id o = db.addImage(outside);
        QCOMPARE(QString::fromStdString(db.image(o)->storedPath), QStringLiteral("/opt/elsewhere/ct.nii"));

        // A slice outside the volume is refused with the reason.
        QVERIFY_THROWS_EXCEPTION(StorageError,
                                 db.ensureTask(img.id, db.labels()[0].id, core::SliceRef{2, 3}, "x"));
    }

    void projectFolderCanMove() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a"), b = dir.filePath("b");
        QVERIFY(QDir().mkpath(a));
        {
            ProjectDb db = ProjectDb::create((a + "/p.db").toStdString());
            test::addSampleTask(db);
        }
        QVERIFY(QDir().rename(a, b));
        ProjectDb db((b + "/p.db").toStdString());
        QCOMPARE(QString::fromStdString(db.images()[0].absolutePath), b + "/img1.nii.gz");
    }

    void labelsAreUniqueAndValidated() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        core::LabelInfo kidney{1, "kidney_l", {10, 20, 30}, "left kidney"};
        const Id id = db.addLabel(kidney);
        QCOMPARE(db.label(id)->info.color, (std::array<std::uint8_t, 3>{10, 20, 30}));
        QCOMPARE(QString::fromStdString(db.label(id)->info.description), QStringLiteral("left kidney"));
        QVERIFY_THROWS_EXCEPTION(StorageError, db.addLabel(kidney));                               // name
        QVERIFY_THROWS_EXCEPTION(StorageError, db.addLabel(core::LabelInfo{1, "other", {}, ""}));  // value
        QVERIFY_THROWS_EXCEPTION(StorageError, db.addLabel(core::LabelInfo{0, "background", {}, ""}));  // 0
    }

    // A value this build does not know must not be read back as a default (an unknown action became `stop`).
    void unknownStoredEnumsAreErrorsNamingTableRowAndValue() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        ProjectDb db = ProjectDb::create(path);
        const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
        db.appendStep(s, test::makeStep(0, 32, 32));
        db.appendStep(s, test::makeStep(1, 32, 32));
        const Id review = db.addReview(s, ReviewStatus::Flagged, "ana", "");
        const Id step1 = db.stepIds(s).at(1);
        auto& c = db.connection();

        c.exec("UPDATE steps SET action = 'zoom_in' WHERE id = " + std::to_string(step1));
        expectStorageError([&] { db.steps(s); },
                           {"table steps", "row " + QString::number(step1), "action", "'zoom_in'"});
        const std::string action = core::toString(test::makeStep(1, 32, 32).action.kind);
        c.exec("UPDATE steps SET action = '" + action +
               "', actor = 'robot' WHERE id = " + std::to_string(step1));
        expectStorageError([&] { db.steps(s); }, {"table steps", "actor", "'robot'"});
        c.exec("UPDATE steps SET actor = 'agent' WHERE id = " + std::to_string(step1));
        QCOMPARE(db.steps(s).size(), std::size_t(2));

        c.exec("UPDATE sessions SET outcome = 'paused' WHERE id = " + std::to_string(s));
        expectStorageError([&] { db.session(s); },
                           {"table sessions", "row " + QString::number(s), "outcome", "'paused'"});
        expectStorageError([&] { db.sessions(); }, {"table sessions", "'paused'"});
        c.exec("UPDATE sessions SET outcome = 'running', actor = 'oracle' WHERE id = " + std::to_string(s));
        expectStorageError([&] { db.session(s); }, {"table sessions", "actor", "'oracle'"});
        c.exec("UPDATE sessions SET actor = 'agent' WHERE id = " + std::to_string(s));

        // The schema's CHECK keeps this build from writing an unknown status; a newer build's file may hold
        // one.
        c.exec("PRAGMA ignore_check_constraints = ON");
        c.exec("UPDATE reviews SET status = 'escalated' WHERE id = " + std::to_string(review));
        expectStorageError([&] { db.reviews(s); },
                           {"table reviews", "row " + QString::number(review), "status", "'escalated'"});
        expectStorageError([&] { db.session(s); }, {"reviews", "'escalated'"});
    }

    // A 0-byte file is not a project for any command: refused untouched, writable or not.
    void emptyFileIsRefusedByEveryOpen() {
        QTemporaryDir dir;
        const QString file = dir.filePath("empty.db");
        QVERIFY(QFile(file).open(QIODevice::WriteOnly));
        for (bool readOnly : {false, true}) {
            OpenOptions o;
            o.readOnly = readOnly;
            expectStorageError([&] { ProjectDb(file.toStdString(), o); }, {"empty.db", "empty file"});
            QCOMPARE(QFileInfo(file).size(), 0);
        }
    }

    void rawTextIsStoredAsABoundedExcerpt() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
        core::Step step = test::makeStep(0, 32, 32);
        step.rawText = std::string(3 << 20, 'r');
        db.appendStep(s, step);
        const std::string stored = db.steps(s).front().rawText;
        QVERIFY(stored.size() < ProjectDb::kMaxRawTextBytes + 100);
        QVERIFY(stored.compare(0, 1000, std::string(1000, 'r')) == 0);
        QVERIFY2(stored.find("more bytes not stored") != std::string::npos,
                 stored.substr(stored.size() - 80).c_str());
    }

    // Only a duplicate step index is "already has a step"; any other constraint is reported as what it is.
    void stepConstraintFailuresSayWhichConstraint() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
        db.appendStep(s, test::makeStep(0, 32, 32));
        expectStorageError([&] { db.appendStep(s, test::makeStep(0, 32, 32)); }, {"already has a step 0"});

        core::Step nan = test::makeStep(1, 32, 32);
        nan.action.x0 = std::numeric_limits<double>::quiet_NaN();  // SQLite binds a NaN as NULL
        try {
            db.appendStep(s, nan);
            QFAIL("a NaN coordinate should have been refused");
        } catch (const StorageError& e) {
            const QString what = e.what();
            QVERIFY2(!what.contains("already has"), e.what());
            QVERIFY2(what.contains("NOT NULL") && what.contains("steps.x0"), e.what());
        }
        db.connection().exec(
            "CREATE TRIGGER frozen BEFORE INSERT ON steps BEGIN SELECT RAISE(ABORT, 'steps are frozen'); "
            "END");
        try {
            db.appendStep(s, test::makeStep(1, 32, 32));
            QFAIL("the trigger should have refused the step");
        } catch (const StorageError& e) {
            QVERIFY2(!QString(e.what()).contains("already has"), e.what());
            QVERIFY2(QString(e.what()).contains("steps are frozen"), e.what());
        }
    }

    // Another process adds the same image (same content hash) while addImage runs: the duplicate check must
    // be inside addImage's write transaction, so the second add returns the first one's id instead of failing
    // on the UNIQUE constraint. The other writer holds its uncommitted insert until addImage waits for the
    // lock.
    void concurrentAddOfTheSameImageIsDeduplicated() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        { ProjectDb::create(path); }
        ProjectDb db(path);
        std::atomic<bool> inserted{false};
        std::thread other([&] {
            sql::Connection c(path, sql::Connection::Mode::ReadWrite);
            sql::Transaction tx(c);
            c.exec(
                "INSERT INTO images(path, content_hash, size_x, size_y, size_z, geometry, added_at) VALUES "
                "('other.nii', 'same-hash', 1, 1, 1, '{\"spacing\":[1,1,1],\"origin\":[0,0,0],"
                "\"direction\":[1,0,0,0,1,0,0,0,1]}', 0)");
            inserted = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // addImage checks, then waits
            tx.commit();
        });
        while (!inserted) std::this_thread::yield();
        ImageInput in;
        in.path = dir.filePath("mine.nii").toStdString();
        in.contentHash = "same-hash";
        Id id = 0;
        try {
            id = db.addImage(in);
        } catch (const std::exception& e) {
            other.join();
            QFAIL(e.what());
        }
        other.join();
        QCOMPARE(db.images().size(), std::size_t(1));
        QCOMPARE(id, db.images().front().id);
        QCOMPARE(QString::fromStdString(db.images().front().storedPath), QStringLiteral("other.nii"));
    }

    void reviewsKeepHistoryAndLatestWins() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
        QVERIFY(db.session(s)->status == ReviewStatus::NotStarted);
        db.addReview(s, ReviewStatus::Flagged, "ana", "leaks into the spleen");
        db.addReview(s, ReviewStatus::Approved, "ana", "fixed");
        QVERIFY(db.session(s)->status == ReviewStatus::Approved);
        QCOMPARE(db.reviews(s).size(), std::size_t(2));
        SessionFilter f;
        f.statuses = {ReviewStatus::Approved};
        QCOMPARE(db.sessions(f).size(), std::size_t(1));
        f.statuses = {ReviewStatus::Rejected};
        QCOMPARE(db.sessions(f).size(), std::size_t(0));
        f = {};
        f.labels = {"liver"};
        QCOMPARE(db.sessions(f).size(), std::size_t(1));
        f.labels = {"spleen"};
        QCOMPARE(db.sessions(f).size(), std::size_t(0));
    }

    void auditLogIsAppendOnly() {
        QTemporaryDir dir;
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        test::addSampleTask(db);
        QVERIFY(db.auditLog().size() >= 3);
        QVERIFY_THROWS_EXCEPTION(sql::SqliteError, db.connection().exec("DELETE FROM audit_log"));
        QVERIFY_THROWS_EXCEPTION(sql::SqliteError, db.connection().exec("UPDATE audit_log SET who = 'x'"));
    }

    void corruptFileIsRefusedUntouched() {
        QTemporaryDir dir;
        const std::string garbage = dir.filePath("garbage.db").toStdString();
        std::ofstream(garbage, std::ios::binary) << std::string(8192, '\x5a');
        expectRefused(garbage, "not an SQLite database");

        // A real project with a page overwritten in the middle.
        const std::string path = dir.filePath("p.db").toStdString();
        {
            ProjectDb db = ProjectDb::create(path);
            const Id s = db.beginSession(test::addSampleTask(db), ActorInfo{});
            for (int i = 0; i < 40; ++i) db.appendStep(s, test::makeStep(i));
        }
        std::string bytes = fileBytes(path);
        QVERIFY(bytes.size() > 6 * 4096);
        for (std::size_t n = 3 * 4096; n < 5 * 4096; ++n) bytes[n] = static_cast<char>(n * 31);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
        expectRefused(path, "corrupt");
    }

    void foreignAndNewerFilesAreRefusedUntouched() {
        QTemporaryDir dir;
        const std::string foreign = dir.filePath("foreign.db").toStdString();
        {
            sql::Connection c(foreign, sql::Connection::Mode::ReadWriteCreate);
            c.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
        }
        expectRefused(foreign, "another application");

        const std::string newer = dir.filePath("newer.db").toStdString();
        ProjectDb::create(newer);
        {
            sql::Connection c(newer, sql::Connection::Mode::ReadWrite);
            c.exec("PRAGMA user_version = " + std::to_string(currentSchemaVersion() + 1));
        }
        expectRefused(newer, "newer");
    }

    void readOnlyFileOpensReadOnly() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        Id s = 0;
        {
            ProjectDb db = ProjectDb::create(path);
            s = db.beginSession(test::addSampleTask(db), ActorInfo{});
            db.appendStep(s, test::makeStep(0));
        }
        QVERIFY(::chmod(path.c_str(), 0444) == 0);
        const std::string before = fileBytes(path);
        {
            ProjectDb db(path);
            QVERIFY(db.readOnly());
            QCOMPARE(db.steps(s).size(), std::size_t(1));
            QVERIFY_THROWS_EXCEPTION(StorageError, db.appendStep(s, test::makeStep(1)));
            QVERIFY_THROWS_EXCEPTION(StorageError, db.addReview(s, ReviewStatus::Approved, "x", ""));
        }
        QVERIFY(fileBytes(path) == before);
        ::chmod(path.c_str(), 0644);
    }

    void upgradesADatabaseMadeByTheFirstSchema() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("v1.db").toStdString();
        const auto step = test::makeStep(0);
        {
            // Exactly what release 1 wrote: schema v1, rows inserted with v1's columns only.
            sql::Connection c(path, sql::Connection::Mode::ReadWriteCreate);
            c.exec("PRAGMA journal_mode = WAL");
            applyMigrations(c, 0, 1);
            c.exec("INSERT INTO project VALUES ('uuid', 'old-project')");
            c.exec(
                "INSERT INTO images(path, content_hash, size_x, size_y, size_z, geometry, added_at) VALUES "
                "('ct.nii', 'h1', 512, 512, 1, '{\"spacing\":[1,1,1],\"origin\":[0,0,0],\"direction\":"
                "[1,0,0,0,1,0,0,0,1]}', 1)");
            c.exec("INSERT INTO labels(name, value, color) VALUES ('liver', 1, '#ff0000')");
            c.exec(
                "INSERT INTO tasks(image_id, label_id, slice_axis, slice_index, target) VALUES (1, 1, 2, 0, "
                "'liver')");
            c.exec("INSERT INTO sessions(uuid, task_id, actor, started_at) VALUES ('s-1', 1, 'agent', 5)");
            c.prepare(
                 "INSERT INTO steps(session_id, step_index, actor, action, x0, y0, x1, y1, mask, mask_width, "
                 "mask_height, timestamp_ms) VALUES (1, 0, 'agent', 'box', 1, 2, 3, 4, ?1, 512, 512, 7)")
                .bind(1, step.mask)
                .run();
            auto v = c.prepare("PRAGMA user_version");
            v.step();
            QCOMPARE(v.integer(0), 1);
        }
        ProjectDb db(path);
        QCOMPARE(db.schemaVersion(), currentSchemaVersion());
        QCOMPARE(QString::fromStdString(db.projectUuid()), QStringLiteral("old-project"));
        const auto steps = db.steps(1);
        QCOMPARE(steps.size(), std::size_t(1));
        QVERIFY(steps[0].mask == step.mask);
        QVERIFY(!steps[0].reward);
        QCOMPARE(steps[0].action, core::Action::box(1, 2, 3, 4));
        QVERIFY(db.session(1)->status == ReviewStatus::NotStarted);
        db.appendStep(1, test::makeStep(1));  // the v2 columns work on the upgraded file
        QVERIFY(db.steps(1)[1].reward);
        QCOMPARE(QString::fromStdString(db.auditLog().back().action), QStringLiteral("migrate"));
        QCOMPARE(QString::fromStdString(db.integrityCheck()), QStringLiteral("ok"));
    }

    // The key of the export pseudonyms: drawn once (audited), kept across opens, different per project,
    // readable from a read-only project that has one, and a clear error from one that has none.
    void pseudonymSecretIsDrawnOnceAndKept() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString(),
                          other = dir.filePath("q.db").toStdString();
        std::array<std::uint8_t, 32> secret{};
        {
            ProjectDb db = ProjectDb::create(path);
            secret = db.pseudonymSecret();
            QVERIFY(db.pseudonymSecret() == secret);
            int created = 0;
            for (const auto& e : db.auditLog()) created += e.action == "create_secret";
            QCOMPARE(created, 1);
            QVERIFY(std::any_of(secret.begin(), secret.end(), [](std::uint8_t b) { return b != 0; }));
        }
        QVERIFY(ProjectDb::create(other).pseudonymSecret() != secret);
        ::chmod(path.c_str(), 0444);
        ::chmod(other.c_str(), 0444);
        QVERIFY(ProjectDb(path).pseudonymSecret() == secret);
        const std::string fresh = dir.filePath("fresh.db").toStdString();
        ProjectDb::create(fresh);
        ::chmod(fresh.c_str(), 0444);
        try {
            ProjectDb(fresh).pseudonymSecret();
            QFAIL("a read-only project without a secret gave one");
        } catch (const StorageError& e) {
            QVERIFY2(std::strstr(e.what(), "read-only") != nullptr, e.what());
        }
        for (const auto& p : {path, other, fresh}) ::chmod(p.c_str(), 0644);
    }

    void sha256MatchesKnownVectors() {
        QCOMPARE(QString::fromStdString(sha256Hex("abc", 3)),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const std::string m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        QCOMPARE(QString::fromStdString(sha256Hex(m.data(), m.size())),
                 QStringLiteral("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        QCOMPARE(QString::fromStdString(sha256Hex("", 0)),
                 QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
};

QTEST_APPLESS_MAIN(TestProjectDb)
#include "tst_ProjectDb.moc"
