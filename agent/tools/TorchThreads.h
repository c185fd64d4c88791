#pragma once

namespace medsam::agent {

// libtorch's intra-op thread count is process-wide, so it is set once per process: by the first call, made
// where the process starts (the CLI commands call it right after parsing their options; eval divides the
// cores among its jobs). Later calls, e.g. from each SamSegmenter or TorchPolicy constructed, change nothing:
// an instance must not retune every other model of the process. Returns the count in force.
// `requested` <= 0 means one thread per hardware thread.
int configureTorchThreads(int requested);

// The intra-op thread count libtorch uses now.
int torchThreads();

}  // namespace medsam::agent
