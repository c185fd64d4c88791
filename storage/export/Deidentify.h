#pragma once

#include <functional>
#include <string>

class DcmItem;

namespace medsam::storage {

struct DeidentifyOptions {
    // PS3.15 E.3.1 Retain UIDs Option: study, series, instance and frame-of-reference UIDs stay as they are
    // (the result can be put back beside its source study; anyone holding the source can link it).
    bool retainUids = false;
    // Without retainUids: the new UID for an original one. Must be consistent (the same original, the same
    // replacement) so references inside the file, and across files of one study, still agree.
    std::function<std::string(const std::string&)> replaceUid;
};

// Applies the DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile to `dataset`, sequences
// included: the profile's attributes are removed (X), emptied (Z) or given a dummy value (D), private
// attributes are removed, and every instance UID (VR UI, not a class, syntax or coding-scheme UID) is
// replaced (U) unless options.retainUids. Then Patient Identity Removed = YES, De-identification Method and
// its code sequence (113100, and 113110 with retainUids) are set. Throws std::runtime_error when DCMTK
// refuses a change.
void deidentifyDataset(DcmItem& dataset, const DeidentifyOptions& options);

}  // namespace medsam::storage
