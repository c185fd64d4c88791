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
    unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex
        mutex;  // guards firstError, done and the progress callback (so it is never called concurrently)
    std::exception_ptr firstError;
    std::size_t done = 0;
    const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

    const auto worker = [&] {
        for (;;) {
            if (failed.load() || cancelled()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            try {
                work(i);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (!firstError) firstError = std::current_exception();
                failed = true;
                return;
            }
            const std::lock_guard<std::mutex> lock(mutex);
            ++done;
            if (options.progress && !failed.load()) options.progress(done, count);
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads > 0 ? threads - 1 : 0);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();  // the calling thread works too
    for (auto& thread : pool) thread.join();

    if (firstError) std::rethrow_exception(firstError);
    if (cancelled() && done < count) throw LoadCancelled();
    if (count == 0 && options.progress) options.progress(0, 0);
}

}  // namespace medsam::core::detail
