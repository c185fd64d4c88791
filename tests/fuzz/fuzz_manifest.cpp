// libFuzzer harness: any text as an evaluation manifest (agent/eval/Manifest.h, Csv.h). Errors are
// std::invalid_argument naming the source; nothing else may escape.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "agent/eval/Manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)medsam::agent::parseManifest(text, "/tmp", "fuzz.csv");
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
