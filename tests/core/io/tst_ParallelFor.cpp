#include <QtTest>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/io/ImageIoError.h"
#include "core/io/ParallelFor.h"

using medsam::core::LoadCancelled;
using medsam::core::LoadOptions;
using medsam::core::detail::parallelFor;

class TestParallelFor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyItemOnceProgressToTotal() {
        std::vector<std::atomic<int>> hits(1000);
        std::vector<std::size_t> progress;
        LoadOptions options;
        options.threads = 4;
        options.progress = [&](std::size_t done, std::size_t total) {
            QCOMPARE(total, std::size_t(1000));
            progress.push_back(done);
        };
        parallelFor(hits.size(), options, [&](std::size_t i) { ++hits[i]; });
        for (const auto& h : hits) QCOMPARE(h.load(), 1);
        // Workers skip a report while another runs, so not every count is seen; the last is the total.
        QVERIFY(!progress.empty());
        QCOMPARE(progress.back(), std::size_t(1000));
        QVERIFY(std::adjacent_find(progress.begin(), progress.end(), std::greater_equal<>()) ==
                progress.end());
    }

    // "--threads 100000" started 100000 threads: the count is bounded by the hardware.
    void threadsAreBoundedByTheHardware() {
        LoadOptions options;
        options.threads = 100000;
        std::mutex mutex;
        std::set<std::thread::id> seen;
        parallelFor(20000, options, [&](std::size_t) {
            std::lock_guard<std::mutex> lock(mutex);
            seen.insert(std::this_thread::get_id());
        });
        QVERIFY(seen.size() <= std::max(1u, std::thread::hardware_concurrency()));
    }

    // A callback that throws on a worker thread reaches the caller (it used to escape the thread: abort).
    void throwingProgressCallbackIsRethrown() {
        LoadOptions options;
        options.threads = 4;
        std::atomic<int> calls{0};
        options.progress = [&](std::size_t done, std::size_t) {
            ++calls;
            if (done >= 10) throw std::runtime_error("progress display is gone");
        };
        try {
            parallelFor(10000, options, [](std::size_t) {});
            QFAIL("the callback's exception should reach the caller");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString(e.what()), QStringLiteral("progress display is gone"));
        }
        QVERIFY(calls.load() >= 1);
    }

    // While one worker is inside a slow progress callback the others keep working: the first call waits
    // until 100 more items are done, which cannot happen if the callback holds a lock the workers need.
    void slowProgressCallbackDoesNotSerialiseTheWork() {
        // parallelFor runs at most one thread per hardware thread: on a one-core machine the only worker is
        // the one inside the callback, so there is nobody else to make progress.
        if (std::thread::hardware_concurrency() < 2)
            QSKIP("needs two hardware threads (parallelFor caps at that)");
        LoadOptions options;
        options.threads = 4;
        std::atomic<std::size_t> items{0};
        std::atomic<bool> otherWorkersProgressed{false};
        std::atomic<bool> first{true};
        std::atomic<bool> concurrentCalls{false};
        std::atomic<int> inside{0};
        options.progress = [&](std::size_t, std::size_t) {
            if (++inside > 1) concurrentCalls = true;
            if (first.exchange(false)) {
                const std::size_t start = items.load();
                for (int wait = 0; wait < 500 && !otherWorkersProgressed; ++wait) {
                    if (items.load() >= start + 100) otherWorkersProgressed = true;
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
            }
            --inside;
        };
        parallelFor(5000, options, [&](std::size_t) {
            ++items;
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        });
        QVERIFY(otherWorkersProgressed.load());
        QVERIFY(!concurrentCalls.load());
    }

    void firstErrorIsRethrownAndStopsTheRest() {
        // Several threads: the error reaches the caller. (How many items the others finish first depends on
        // scheduling, so only the single-thread case checks that work stops.)
        LoadOptions options;
        options.threads = 3;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelFor(10000, options, [&](std::size_t i) {
                                     if (i == 5) throw std::runtime_error("item 5 is bad");
                                 }));
        std::atomic<int> ran{0};
        options.threads = 1;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelFor(10000, options, [&](std::size_t i) {
                                     ++ran;
                                     if (i == 5) throw std::runtime_error("item 5 is bad");
                                 }));
        QCOMPARE(ran.load(), 6);
    }

    void cancelThrowsLoadCancelled() {
        std::atomic<bool> cancel{true};
        LoadOptions options;
        options.cancel = &cancel;
        std::atomic<int> ran{0};
        QVERIFY_THROWS_EXCEPTION(LoadCancelled, parallelFor(50, options, [&](std::size_t) { ++ran; }));
        QCOMPARE(ran.load(), 0);
    }

    void zeroItemsIsFine() {
        bool called = false;
        parallelFor(0, {}, [&](std::size_t) { called = true; });
        QVERIFY(!called);
    }
};

QTEST_APPLESS_MAIN(TestParallelFor)
#include "tst_ParallelFor.moc"
