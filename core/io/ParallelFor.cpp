#include "core/io/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/io/ImageIoError.h"

namespace medsam::core::detail {

void parallelFor(std::size_t count, const LoadOptions& options,
                 const std::function<void(std::size_t)>& work) {
    // Never more threads than the hardware has: "--threads 100000" must not start 100000 threads.
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    unsigned threads = options.threads != 0 ? std::min(options.threads, hardware) : hardware;
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;  // guards firstError only
    std::exception_ptr firstError;
    const auto fail = [&](std::exception_ptr e) {
        const std::lock_guard<std::mutex> lock(errorMutex);
        if (!firstError) firstError = e;
        failed = true;
    };
    // The progress callback runs on whichever worker finds it free (try_lock): never two at once, never with
    // a lock the other workers need, so a slow callback does not serialise decoding; they skip the report
    // instead. `reported` (guarded by progressMutex) keeps the reported counts increasing.
    std::mutex progressMutex;
    std::size_t reported = 0;
    const auto report = [&] {
        std::unique_lock<std::mutex> lock(progressMutex, std::try_to_lock);
        if (!lock.owns_lock()) return;
        const std::size_t now = done.load();
        if (now <= reported || failed.load()) return;
        reported = now;
        options.progress(now, count);
    };
    const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

    const auto worker = [&] {
        for (;;) {
            if (failed.load() || cancelled()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            // A throwing progress callback is an error like a throwing item: it must not escape a worker
            // thread (std::terminate) but reach the caller.
            try {
                work(i);
                ++done;
                if (options.progress) report();
            } catch (...) {
                fail(std::current_exception());
                return;
            }
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads > 0 ? threads - 1 : 0);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();  // the calling thread works too
    for (auto& thread : pool) thread.join();

    if (firstError) std::rethrow_exception(firstError);
    if (cancelled() && done.load() < count) throw LoadCancelled();
    // The last count may have been skipped while another report ran: the caller always sees the total.
    if (options.progress && (reported < done.load() || count == 0)) options.progress(done.load(), count);
}

}  // namespace medsam::core::detail
