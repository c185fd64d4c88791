#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

// JSON from outside (a model's reply, a server's body) parsed within bounds: nlohmann::json builds and
// destroys nested values recursively, so 200,000 nested '[' overflow the stack. Text longer than `maxBytes`
// or nested deeper than `maxDepth` is refused before the parser sees it.
namespace medsam::core {

struct JsonLimits {
    std::size_t maxBytes = 1 << 20;
    int maxDepth = 64;
};

// Deepest nesting of arrays and objects in `text`, brackets inside strings not counted; stops counting (and
// returns a value > stopAt) as soon as it exceeds `stopAt`.
int jsonNestingDepth(const std::string& text, int stopAt);

// Parses `text`; on failure returns a discarded value and sets `why` (size, depth or syntax, with the limit).
nlohmann::json parseBoundedJson(const std::string& text, const JsonLimits& limits, std::string& why);

}  // namespace medsam::core
