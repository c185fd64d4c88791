#pragma once

#include <cstddef>
#include <functional>

#include "core/io/LoadOptions.h"

namespace medsam::core::detail {

// Runs work(i) for i in [0, count) on options.threads threads (0: one per hardware thread), reporting
// progress and honouring the cancel flag between items. The first exception thrown by any item (or by the
// progress callback) stops the others and is rethrown here; a cancel throws LoadCancelled. Items must write
// to disjoint memory. Progress is called from the worker threads, never two calls at once, with increasing
// counts ending at (count, count); a worker that finds a report in progress skips its own rather than wait.
void parallelFor(std::size_t count, const LoadOptions& options, const std::function<void(std::size_t)>& work);

}  // namespace medsam::core::detail
