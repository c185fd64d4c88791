#include "agent/tools/TorchThreads.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace medsam::agent {

int configureTorchThreads(int requested) {
    static std::once_flag once;
    std::call_once(once, [requested] {
        const int threads =
            requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        try {
            at::set_num_threads(threads);
        } catch (const std::exception&) {
            // Some builds refuse once their pool has started; the earlier setting then stays.
        }
    });
    return at::get_num_threads();
}

int torchThreads() {
    return at::get_num_threads();
}

}  // namespace medsam::agent
