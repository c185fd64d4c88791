// libFuzzer harness: the bytes become a file named *FUZZ_SUFFIX (".nii": the NIfTI-1/NIfTI-2 readers and ITK
// behind their checks; ".dcm": the DICOM scan, series building and decoding) and go through readVolume, as a
// user's file does. Any exception is a correct answer; a crash, a sanitizer report, a hang or an allocation
// over libFuzzer's limit is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/io/VolumeIo.h"

namespace {
std::string scratch;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Headers may claim any size: keep the images a load may allocate well under libFuzzer's RSS limit.
    setenv("MEDSAM_MAX_IMAGE_BYTES", "268435456", 1);
    scratch = "/tmp/medsam-fuzz-" + std::to_string(::getpid()) + FUZZ_SUFFIX;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(scratch.c_str(), "wb");
    if (f == nullptr) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    try {
        medsam::core::LoadOptions options;
        options.threads = 1;
        const medsam::core::Volume volume = medsam::core::readVolume(scratch, options);
        (void)volume;
    } catch (const std::exception&) {
    }
    return 0;
}
