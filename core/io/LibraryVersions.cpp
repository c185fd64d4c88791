#include "core/io/LibraryVersions.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <itkVersion.h>
#include <zlib.h>
#include <zstd.h>

namespace medsam::core {

std::vector<LibraryVersion> coreLibraryVersions() {
    return {{"ITK", itk::Version::GetITKVersion(), "Apache-2.0"},
            {"DCMTK", OFFIS_DCMTK_VERSION_STRING, "BSD-3-Clause"},
            {"zlib", zlibVersion(), "Zlib"},
            {"Zstandard", ZSTD_versionString(), "BSD-3-Clause"}};
}

}  // namespace medsam::core
