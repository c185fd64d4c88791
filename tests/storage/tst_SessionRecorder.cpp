#include <sys/wait.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/codec/MaskCodec.h"
#include "storage/db/SessionRecorder.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;

class TestSessionRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Two `segment --db` runs on one project raced on check-then-insert (UNIQUE constraint failed on
    // images.content_hash or labels.value) and the losing run's session was lost. Eight processes start
    // sessions on the same new image and label at once, ten times over (before the fix about one run in five
    // failed): every one must succeed.
    void concurrentProcessesAllRecordTheirSessions() {
        constexpr int kProcesses = 8;
        for (int round = 0; round < 10; ++round) {
            QTemporaryDir dir;
            const std::string path = dir.filePath("p.db").toStdString();
            { ProjectDb::create(path); }
            const core::Volume volume = test::syntheticVolume(64, 48, 3, 5);
            std::vector<pid_t> children;
            int gate[2];
            QCOMPARE(::pipe(gate), 0);  // children wait on it; closing it starts them all at once
            for (int c = 0; c < kProcesses; ++c) {
                const pid_t pid = ::fork();
                QVERIFY(pid >= 0);
                if (pid == 0) {
                    ::close(gate[1]);
                    char byte = 0;
                    while (::read(gate[0], &byte, 1) > 0) {
                    }
                    int status = 0;
                    try {
                        SessionRecorder rec(path);
                        core::Task task;
                        task.imagePath = dir.filePath("ct.nii.gz").toStdString();
                        task.slice = {2, 1};
                        task.target = "left kidney";
                        const Id s = rec.beginSession(task, volume, ActorInfo{});
                        rec.appendStep(s, test::makeStep(0, 64, 48));
                    } catch (const std::exception& e) {
                        std::fprintf(stderr, "child %d: %s\n", c, e.what());
                        status = 1;
                    }
                    std::_Exit(status);
                }
                children.push_back(pid);
            }
            ::close(gate[0]);
            ::close(gate[1]);
            int failed = 0;
            for (pid_t pid : children) {
                int status = 0;
                ::waitpid(pid, &status, 0);
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
            }
            QCOMPARE(failed, 0);
            ProjectDb db(path);
            QCOMPARE(int(db.images().size()), 1);
            QCOMPARE(int(db.labels().size()), 1);
            QCOMPARE(int(db.tasks().size()), 1);
            QCOMPARE(int(db.sessions().size()), kProcesses);
        }
    }

    void recordsATrajectoryAndItsFinalMask() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        ProjectDb::create(path);
        SessionRecorder rec(path);
        core::Task task;
        task.imagePath = dir.filePath("ct.nii.gz").toStdString();
        task.slice = {2, 1};
        task.target = "left kidney";
        const core::Volume volume = test::syntheticVolume(64, 48, 3, 5);
        ActorInfo actor;
        actor.policy = "mllm";
        actor.policyVersion = "MedSAM-Agent-Qwen3-VL-8B";
        actor.tool = "medsam2";
        const Id s = rec.beginSession(task, volume, actor);
        for (int i = 0; i < 4; ++i) rec.appendStep(s, test::makeStep(i, 64, 48));
        rec.finishSession(s, core::Outcome::Stopped, test::makeStep(3, 64, 48).mask, 0.8);

        // Same image + target again: no new image, label or task.
        const Id s2 = rec.beginSession(task, volume, actor);
        QCOMPARE(rec.db().images().size(), std::size_t(1));
        QCOMPARE(rec.db().labels().size(), std::size_t(1));
        QCOMPARE(rec.db().session(s2)->taskId, rec.db().session(s)->taskId);

        const auto session = rec.db().session(s);
        QCOMPARE(session->stepCount, 4);
        QVERIFY(session->outcome == core::Outcome::Stopped);
        QCOMPARE(*session->finalReward, 0.8);
        const auto steps = rec.db().steps(s);
        for (int i = 0; i < 4; ++i) {
            const auto expected = test::makeStep(i, 64, 48);
            QCOMPARE(steps[i].action, expected.action);
            QVERIFY(steps[i].mask == expected.mask);  // bit-exact
            QCOMPARE(steps[i].rawText, expected.rawText);
            QCOMPARE(*steps[i].iou, *expected.iou);
            QCOMPARE(steps[i].reward->improvement, 0.01);
            QVERIFY(steps[i].actor == expected.actor);
        }
        const auto fm = rec.db().finalMaskOfSession(s);
        QVERIFY(fm);
        QCOMPARE(fm->version, 1);
        QCOMPARE(core::decodeMask(fm->mask).voxels(), core::decodeMask(steps[3].mask).voxels());

        // A finished session takes no more steps; a duplicate index is refused.
        QVERIFY_THROWS_EXCEPTION(StorageError, rec.appendStep(s, test::makeStep(4, 64, 48)));
        rec.appendStep(s2, test::makeStep(0, 64, 48));
        QVERIFY_THROWS_EXCEPTION(StorageError, rec.appendStep(s2, test::makeStep(0, 64, 48)));
    }

    // A session whose process was killed stayed "running" forever and could be approved and exported as if
    // complete. The next writable open marks it interrupted; a read-only open writes nothing; a session of a
    // live process (this one) is left alone.
    void sessionOfADeadProcessIsMarkedInterrupted() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        const Id mine = test::createProjectWithSession(path);
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            try {
                ProjectDb db(path);
                const Id s = db.beginSession(db.tasks().front().id, ActorInfo{});
                db.appendStep(s, test::makeStep(0, 64, 48));
            } catch (...) {
                std::_Exit(1);
            }
            std::_Exit(0);  // dies with its session "running", as a kill -9 leaves it
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        // The database and its WAL, where a write would land first.
        const auto bytes = [&] {
            QByteArray all;
            for (const char* suffix : {"", "-wal"}) {
                QFile f(QString::fromStdString(path + suffix));
                if (f.open(QIODevice::ReadOnly)) all += f.readAll();
            }
            return all;
        };
        const QByteArray before = bytes();
        {
            OpenOptions ro;
            ro.readOnly = true;
            ProjectDb db(path, ro);
            for (const auto& s : db.sessions()) QVERIFY(s.outcome == core::Outcome::Running);
        }
        QVERIFY(bytes() == before);
        ProjectDb db(path);
        const auto sessions = db.sessions();
        QCOMPARE(int(sessions.size()), 2);
        for (const auto& s : sessions) {
            QVERIFY2(s.outcome == (s.id == mine ? core::Outcome::Running : core::Outcome::Interrupted),
                     core::toString(s.outcome).c_str());
        }
        QCOMPARE(db.auditLog().back().action, std::string("interrupt_session"));
    }

    void everyReportedStepSurvivesSigkill() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("crash.db").toStdString();
        const Id session = test::createProjectWithSession(path);
        std::set<qint64> reported;
        // Several rounds, killed after a varying number of steps: the kill lands at a random point of a
        // commit.
        for (int round = 0; round < 4; ++round) {
            QProcess child;
            child.start(QStringLiteral(MEDSAM_CRASH_CHILD),
                        {QString::fromStdString(path), QString::number(session)});
            QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));
            const int want = 20 + 17 * round;
            int seen = 0;
            QByteArray pending;
            QElapsedTimer timer;
            timer.start();
            while (seen < want && timer.elapsed() < 20000) {
                child.waitForReadyRead(200);
                pending += child.readAllStandardOutput();
                seen = pending.count('\n');
                QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
            }
            QVERIFY(seen >= want);
            child.kill();  // SIGKILL
            child.waitForFinished(5000);
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            pending += child.readAllStandardOutput();
            for (const QByteArray& line : pending.split('\n')) {
                const auto parts = line.split(' ');
                if (parts.size() == 3 && parts[0] == "step") reported.insert(parts[2].toLongLong());
            }
        }
        // Reopen: integrity_check runs on open; every reported step is there; the session can be
        // resumed/closed.
        ProjectDb db(path);
        QCOMPARE(QString::fromStdString(db.integrityCheck()), QStringLiteral("ok"));
        const auto ids = db.stepIds(session);
        const std::set<qint64> stored(ids.begin(), ids.end());
        for (qint64 id : reported) QVERIFY2(stored.count(id) == 1, qPrintable(QString::number(id)));
        QVERIFY(reported.size() >= 20 + 37 + 54 + 71);
        const auto steps = db.steps(session);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            QCOMPARE(steps[i].index, static_cast<int>(i));  // contiguous: no torn or missing step
            QVERIFY(core::decodeMask(steps[i].mask).width() == 512);
        }
        const int next = db.nextStepIndex(session);
        db.appendStep(session, test::makeStep(next));  // resumed
        db.finishSession(session, core::Outcome::Cancelled, {});
        QVERIFY(db.session(session)->outcome == core::Outcome::Cancelled);
    }

    void readerRunsWhileTheAgentWrites() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rw.db").toStdString();
        const Id session = test::createProjectWithSession(path);
        constexpr int kSteps = 150;
        std::atomic<bool> writing{true};
        std::atomic<int> reads{0};
        std::atomic<bool> readerUp{false};  // its first read is done (or it failed): the writer may start
        std::string readerError;
        int lastSeen = 0;
        bool monotonic = true;
        std::thread reader([&] {
            try {
                OpenOptions ro;
                ro.readOnly = true;
                ro.checkIntegrity = false;
                ProjectDb db(path, ro);
                while (writing.load() || lastSeen < kSteps) {
                    const auto steps = db.steps(session);  // one consistent snapshot per query
                    const int n = static_cast<int>(steps.size());
                    if (n < lastSeen) monotonic = false;
                    for (const auto& s : steps) core::decodeMask(s.mask);
                    lastSeen = n;
                    ++reads;
                    readerUp = true;
                    if (!writing.load() && n == kSteps) break;
                }
            } catch (const std::exception& e) {
                readerError = e.what();
                readerUp = true;
            }
        });
        // The writer waits for the reader's first read: a reader thread that started after the last commit
        // read once, saw everything and made `reads > 1` fail although nothing was wrong.
        while (!readerUp) std::this_thread::yield();
        {
            SessionRecorder rec(path);
            for (int i = 0; i < kSteps; ++i) rec.appendStep(session, test::makeStep(i));
        }
        writing = false;
        reader.join();
        QVERIFY2(readerError.empty(), readerError.c_str());
        QVERIFY(monotonic);
        QCOMPARE(lastSeen, kSteps);
        QVERIFY(reads.load() > 1);
    }
};

QTEST_APPLESS_MAIN(TestSessionRecorder)
#include "tst_SessionRecorder.moc"
