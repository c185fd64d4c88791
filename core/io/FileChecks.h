#pragma once

#include <string>

#include "core/image/ImageGeometry.h"
#include "core/io/LoadOptions.h"

// Checks every reader and writer of core/io makes at the boundary, once for the whole class of input.
namespace medsam::core::detail {

// Throws ImageIoError naming `path` (and `role`, e.g. "data file of header x.nhdr") unless it is a regular
// file (symbolic links followed): a FIFO would block a read forever, /dev/zero never ends, a link loop or a
// missing file must say so instead of "no such file or folder".
void requireRegularFile(const std::string& path, const std::string& role = {});

// Before a writer opens `path`: its folder must exist, and `path` must be absent or a regular file (a device,
// FIFO or folder is refused by name: writing a mask "to /dev/full" used to report success). Throws
// ImageIoError.
void requireWritableTarget(const std::string& path);

// Throws ImageIoError naming `path` when the geometry cannot place voxels in space (ImageGeometry::
// geometryProblem: NaN/infinite/non-positive spacing, non-finite origin, singular direction).
void requireValidGeometry(const std::string& path, const ImageGeometry& geometry);

// The limit of `options` (see LoadOptions::maxImageBytes), and the check made before allocating an image of
// `voxels` float voxels: throws ImageIoError naming `path`, the size and how to raise the limit.
std::uint64_t maxImageBytes(const LoadOptions& options);
void requireWithinMemoryLimit(const std::string& path, std::uint64_t voxels, const LoadOptions& options,
                              const std::string& what);

}  // namespace medsam::core::detail
