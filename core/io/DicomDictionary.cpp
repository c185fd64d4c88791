#include "core/io/DicomDictionary.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace medsam::core {

bool skipPrivateDicomDictionary() {
#if DCM_DICT_DEFAULT == 2 && defined(DCM_DICT_DEFAULT_PATH)
    if (std::getenv(DCM_DICT_ENVIRONMENT_VARIABLE)) return false;
    std::istringstream defaults(DCM_DICT_DEFAULT_PATH);
    std::string kept, file;
    bool skipped = false;
    while (std::getline(defaults, file, ENVIRONMENT_PATH_SEPARATOR)) {
        if (std::filesystem::path(file).filename() == "private.dic") {
            skipped = true;
        } else if (!file.empty()) {
            kept += (kept.empty() ? "" : std::string(1, ENVIRONMENT_PATH_SEPARATOR)) + file;
        }
    }
    if (!skipped || kept.empty()) return false;
    return setenv(DCM_DICT_ENVIRONMENT_VARIABLE, kept.c_str(), 0) == 0;
#else
    return false;  // a built-in or no default dictionary: nothing is parsed from files
#endif
}

}  // namespace medsam::core
