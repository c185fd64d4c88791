#include <cstdio>
#include <memory>
#include <string>

#include "app/cli/Commands.h"
#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "core/io/VolumeSummary.h"

namespace medsam::cli {
namespace {

struct InfoOptions {
    std::string path;
    bool load = false;
    bool listSkipped = false;
};

int printDicomFolder(const InfoOptions& o) {
    const core::DicomScan scan = core::scanDicom(o.path);
    bool failed = false;
    std::printf("%s: %zu DICOM series, %zu other files skipped\n", o.path.c_str(), scan.series.size(),
                scan.skipped.size());
    for (const auto& series : scan.series) {
        std::printf("%s\n", series.describe().c_str());
        for (const auto& warning : series.warnings) std::printf("  warning: %s\n", warning.c_str());
        if (o.load) {
            // One undecodable series (JPEG 2000, truncated file) must not hide the others: report and go on.
            try {
                const core::Volume volume = core::loadDicomSeries(series);
                const core::IntensityRange range = core::intensityRange(volume.image);
                std::printf("  decoded: intensity [%g, %g]\n", double(range.min), double(range.max));
            } catch (const core::ImageIoError& e) {
                std::fprintf(stderr, "medsam-agent info: error: %s\n", e.what());
                failed = true;
            }
        }
    }
    if (o.listSkipped) {
        for (const auto& skipped : scan.skipped) std::printf("skipped %s\n", skipped.c_str());
    }
    return failed ? 1 : 0;
}

int run(const InfoOptions& o) {
    if (core::detectFormat(o.path) == "DICOM" && !core::looksLikeDicom(o.path)) return printDicomFolder(o);
    if (core::detectFormat(o.path) == "DICOM") {
        // One file: describe its series header, then decode it so a broken file is reported here.
        const core::DicomScan scan = core::scanDicom(o.path);
        std::printf("%s\n", scan.series.front().describe().c_str());
        for (const auto& warning : scan.series.front().warnings)
            std::printf("  warning: %s\n", warning.c_str());
        std::printf("%s", core::describeVolume(core::loadDicomSeries(scan.series.front())).c_str());
        return 0;
    }
    std::printf("%s", core::describeVolume(core::readVolume(o.path)).c_str());
    return 0;
}

}  // namespace

RegisteredCommand registerInfoCommand(CLI::App& app) {
    auto options = std::make_shared<InfoOptions>();
    CLI::App* sub = app.add_subcommand(
        "info", "Describe an image file, or the DICOM series in a file or folder (searched recursively)");
    sub->add_option("path", options->path,
                    "Image file (NIfTI, NRRD, MetaImage, PNG, JPEG, DICOM) or DICOM folder")
        ->required();
    sub->add_flag("--load", options->load,
                  "For folders: also decode every series and print its intensity range");
    sub->add_flag("--skipped", options->listSkipped, "For folders: list the files that are not DICOM images");
    return {sub, [options] { return run(*options); }};
}

}  // namespace medsam::cli
