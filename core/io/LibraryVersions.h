#pragma once

#include <string>
#include <vector>

namespace medsam::core {

// A third-party library the program runs on, for Help > About and --version: what it is, which version
// was compiled in, and its licence (SPDX identifier).
struct LibraryVersion {
    std::string name, version, licence;
};

// ITK, DCMTK, zlib and zstd as compiled into core (their headers stay in the .cpp).
std::vector<LibraryVersion> coreLibraryVersions();

}  // namespace medsam::core
