#include "core/protocol/BoundedJson.h"

namespace medsam::core {

int jsonNestingDepth(const std::string& text, int stopAt) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) deepest = depth;
            if (deepest > stopAt) return deepest;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

nlohmann::json parseBoundedJson(const std::string& text, const JsonLimits& limits, std::string& why) {
    if (text.size() > limits.maxBytes) {
        why = std::to_string(text.size()) + " bytes of JSON exceed the limit of " +
              std::to_string(limits.maxBytes);
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    if (jsonNestingDepth(text, limits.maxDepth) > limits.maxDepth) {
        why = "JSON nested deeper than " + std::to_string(limits.maxDepth) + " levels";
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) why = "syntax error";
    return value;
}

}  // namespace medsam::core
