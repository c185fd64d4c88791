#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
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

// Ctrl+C during a folder scan: the first one asks the scan to stop at the next file (the flag the scan polls)
// and restores the default action, so a second one ends a process stuck in a read at once.
std::atomic<bool> interrupted{false};
void onInterrupt(int) {
    interrupted.store(true);
    std::signal(SIGINT, SIG_DFL);
}

// Progress of a long scan on stderr: silent for the first second (a small folder prints nothing; the
// environment variable MEDSAM_PROGRESS_AFTER_MS changes the delay), then at most five updates a second.
class ScanProgress {
public:
    explicit ScanProgress(std::string path) : path_(std::move(path)), start_(Clock::now()) {
        if (const char* after = std::getenv("MEDSAM_PROGRESS_AFTER_MS")) delay_ = std::atoll(after);
    }
    ~ScanProgress() { finish(); }
    // Ends the progress line, if one was shown, so that what follows starts on its own line.
    void finish() {
        if (shown_) std::fputc('\n', stderr);
        shown_ = false;
    }
    void listing(std::size_t found) { show("listing %s: %zu files", found, 0); }
    void reading(std::size_t done, std::size_t total) { show("reading %s: %zu of %zu files", done, total); }
    std::size_t done() const { return done_; }
    std::size_t total() const { return total_; }

private:
    using Clock = std::chrono::steady_clock;
    void show(const char* format, std::size_t a, std::size_t b) {
        if (b != 0) {
            done_ = a;
            total_ = b;
        }
        const auto now = Clock::now();
        const auto ms = [](Clock::duration d) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
        };
        if (ms(now - start_) < delay_ || (shown_ && ms(now - last_) < 200)) return;
        std::fputc('\r', stderr);
        std::fprintf(stderr, format, path_.c_str(), a, b);
        std::fputs("   ", stderr);
        std::fflush(stderr);
        shown_ = true;
        last_ = now;
    }
    std::string path_;
    Clock::time_point start_, last_;
    long long delay_ = 1000;
    bool shown_ = false;
    std::size_t done_ = 0, total_ = 0;
};

int printDicomFolder(const InfoOptions& o) {
    core::DicomScan scan;
    core::LoadOptions load;
    load.cancel = &interrupted;
    {
        ScanProgress progress(o.path);
        load.listing = [&](std::size_t found) { progress.listing(found); };
        load.progress = [&](std::size_t done, std::size_t total) { progress.reading(done, total); };
        interrupted.store(false);
        std::signal(SIGINT, onInterrupt);
        try {
            scan = core::scanDicom(o.path, load);
        } catch (const core::LoadCancelled&) {
            std::signal(SIGINT, SIG_DFL);
            progress.finish();
            if (progress.total() == 0) {
                std::fprintf(stderr, "medsam-agent info: interrupted while listing %s; nothing scanned\n",
                             o.path.c_str());
            } else {
                std::fprintf(stderr,
                             "medsam-agent info: interrupted after reading %zu of %zu files in %s; "
                             "nothing listed\n",
                             progress.done(), progress.total(), o.path.c_str());
            }
            return 130;  // 128 + SIGINT, as a shell reports a process ended by Ctrl+C
        }
        std::signal(SIGINT, SIG_DFL);
    }
    load.listing = nullptr;
    load.progress = nullptr;
    load.cancel = nullptr;
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
