#include "agent/tools/TorchThreads.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace medsam::agent {

int configureTorchThreads(int requested) {
    static std::once_flag once;
    std::call_once(once, [requested] {
        // Never more than the hardware has ("--threads 100000" ran on): requests are clamped to the cores.
        const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const int threads = requested > 0 ? std::min(requested, hardware) : hardware;
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
