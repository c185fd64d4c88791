// libFuzzer harness: any model reply through the tool-call parser (core/protocol/ToolCallCodec.h), and every
// call it accepts through the formatter and back: the round trip must give the same call.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/protocol/ToolCallCodec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string reply(reinterpret_cast<const char*>(data), size);
    try {
        const medsam::core::ToolCall call = medsam::core::parseToolCall(reply);
        if (medsam::core::parseToolCall(medsam::core::formatToolCall(call)) != call) std::abort();
    } catch (const medsam::core::ToolCallError&) {
    }
    return 0;
}
