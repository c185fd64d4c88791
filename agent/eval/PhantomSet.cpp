#include "agent/eval/PhantomSet.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "agent/eval/Csv.h"
#include "core/io/VolumeIo.h"
#include "core/synthetic/Phantom.h"

namespace medsam::agent {

std::string writePhantomSet(const std::string& dir, int count, const core::Size3& size,
                            const core::Vec3& spacing, unsigned seed) {
    if (count < 1) throw std::invalid_argument("writePhantomSet: count must be at least 1");
    std::filesystem::create_directories(dir);
    std::string manifest = csvLine({"image", "label", "label_value", "target", "axis", "slice"}) + "\n";
    for (int n = 0; n < count; ++n) {
        const unsigned caseSeed = seed * 7919U + static_cast<unsigned>(n);
        const auto spec = core::randomPhantomSpec(size, spacing, caseSeed);
        const core::Phantom phantom = core::makePhantom2D(spec, caseSeed);
        char image[64], label[64];
        std::snprintf(image, sizeof image, "phantom_%03d.nii.gz", n);
        std::snprintf(label, sizeof label, "phantom_%03d_label.nii.gz", n);
        core::writeVolume(phantom.volume, (std::filesystem::path(dir) / image).string());
        core::writeLabelMap(phantom.labels, (std::filesystem::path(dir) / label).string());
        manifest += csvLine({image, label, "1", "phantom organ", "axial", "0"}) + "\n";
    }
    const auto path = (std::filesystem::path(dir) / "manifest.csv").string();
    std::ofstream out(path, std::ios::binary);
    out << manifest;
    if (!out) throw std::runtime_error(path + ": cannot write");
    return path;
}

}  // namespace medsam::agent
