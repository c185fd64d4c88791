#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace medsam::core {

// Controls for loads that can take a while (a DICOM series of hundreds of files). Core has no Qt: progress is
// a plain callback and cancellation a flag the caller owns (a QThread worker sets it from the UI thread).
struct LoadOptions {
    // Called with (files done, files total) as files finish, in increasing order and never concurrently, but
    // possibly from a worker thread; counts may be skipped while a call runs. The last call is (total, total)
    // when the load succeeds. An exception it throws stops the load and reaches the caller.
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Folder scans (scanDicom) list the folder before reading headers; this is called with the number of
    // files found so far while listing (every 256 files, from the calling thread). A long listing (`info /`)
    // shows progress with it; the cancel flag is honoured while listing too.
    std::function<void(std::size_t filesFound)> listing;
    // When it becomes true the load stops at the next file boundary and throws LoadCancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Decoding threads; 0 means one per hardware thread; more than the hardware has are not started.
    unsigned threads = 0;
    // Largest image (as float voxels) a load may allocate, checked from the header before any allocation:
    // 0 means $MEDSAM_MAX_IMAGE_BYTES when set, else 16 GiB. A header claiming more is an ImageIoError naming
    // the file, the size and the limit (a 133 KB DICOM claiming 30000x30000 used to take 3.7 GB).
    std::uint64_t maxImageBytes = 0;
};

}  // namespace medsam::core
