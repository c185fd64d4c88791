// The sessions browser on a 10,000-session project (issue 10): what a reviewer waits for when the project
// opens (count, status counts, first page), when a filter changes, and when the list is sorted by final Dice.
// The baseline, measured in the same run, is what the CLI's listing did before the browser existed: read every
// session into C++ (ProjectDb::sessions) and filter there.
#include <benchmark/benchmark.h>

#include <QDir>
#include <QTemporaryDir>
#include <memory>

#include "storage/db/SessionCatalog.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam::storage;

namespace {

ProjectDb& bigProject() {
    static QTemporaryDir dir;
    static std::unique_ptr<ProjectDb> db = [] {
        const std::string path = dir.filePath(QStringLiteral("big.db")).toStdString();
        {
            ProjectDb created = ProjectDb::create(path);
            test::fillProject(created, 10000);
        }
        return std::make_unique<ProjectDb>(path);
    }();
    return *db;
}

// Opening the browser: the count, the counts per status and the first page of 200, newest first.
void BM_BrowserOpen(benchmark::State& state) {
    SessionCatalog catalog(bigProject());
    SessionQuery q;
    q.descending = true;
    for (auto _ : state) {
        benchmark::DoNotOptimize(catalog.count(q));
        benchmark::DoNotOptimize(catalog.countsByStatus(q));
        benchmark::DoNotOptimize(catalog.page(q, 0, 200));
    }
}
BENCHMARK(BM_BrowserOpen)->Unit(benchmark::kMillisecond);

// A status filter (what a reviewer sets first), then a text search, each as the browser runs it.
void BM_BrowserFilterStatus(benchmark::State& state) {
    SessionCatalog catalog(bigProject());
    SessionQuery q;
    q.statuses = {ReviewStatus::NotStarted};
    for (auto _ : state) {
        benchmark::DoNotOptimize(catalog.count(q));
        benchmark::DoNotOptimize(catalog.countsByStatus(q));
        benchmark::DoNotOptimize(catalog.page(q, 0, 200));
    }
}
BENCHMARK(BM_BrowserFilterStatus)->Unit(benchmark::kMillisecond);

void BM_BrowserSearchText(benchmark::State& state) {
    SessionCatalog catalog(bigProject());
    SessionQuery q;
    q.text = "lower edge";
    for (auto _ : state) {
        benchmark::DoNotOptimize(catalog.count(q));
        benchmark::DoNotOptimize(catalog.countsByStatus(q));
        benchmark::DoNotOptimize(catalog.page(q, 0, 200));
    }
}
BENCHMARK(BM_BrowserSearchText)->Unit(benchmark::kMillisecond);

void BM_BrowserSortByDice(benchmark::State& state) {
    SessionCatalog catalog(bigProject());
    SessionQuery q;
    q.sortBy = SessionColumn::FinalDice;
    q.descending = true;
    for (auto _ : state) benchmark::DoNotOptimize(catalog.page(q, 0, 200));
}
BENCHMARK(BM_BrowserSortByDice)->Unit(benchmark::kMillisecond);

// Baseline: every session read into C++, then filtered there.
void BM_BaselineAllSessionsInCpp(benchmark::State& state) {
    ProjectDb& db = bigProject();
    SessionFilter filter;
    filter.statuses = {ReviewStatus::NotStarted};
    for (auto _ : state) benchmark::DoNotOptimize(db.sessions(filter));
}
BENCHMARK(BM_BaselineAllSessionsInCpp)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
