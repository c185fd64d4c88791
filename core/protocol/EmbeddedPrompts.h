#pragma once

#include <cstddef>

// Generated at build time from resources/prompts/ (core/protocol/CMakeLists.txt): core links no Qt, so the
// prompt cannot be a Qt resource.
namespace medsam::core::detail {

extern const unsigned char kSystemPromptBytes[];
extern const std::size_t kSystemPromptSize;

}  // namespace medsam::core::detail
