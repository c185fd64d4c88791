#include <QtTest>
#include <atomic>
#include <stdexcept>
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
        QCOMPARE(progress.size(), std::size_t(1000));
        QCOMPARE(progress.back(), std::size_t(1000));
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
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
