#include "core/protocol/AgentProtocol.h"

#include <fstream>
#include <sstream>

#include "core/protocol/EmbeddedPrompts.h"

namespace medsam::core {

// Exactly the strings of the published verl RL recipe (medsam_dataset.py builds the first turn,
// medsam_iterative_agent_loop.py the later ones): the checkpoint's last training stage saw these. The
// inference script's variants differ in whitespace ("<image>The target ...\n Now, ..." and a later turn
// without the newline); both our turns come from the RL variant (docs/agent-protocol.md). The image is a
// separate content part placed before the text, so no "<image>" placeholder is part of the text.
const char* const kFirstTurnTemplate =
    "The target to be segmented is: {description}.\nNow, please analyze the original image, then decide your "
    "first action.";
const char* const kLaterTurnText =
    "Here is the updated mask after your previous action.\nBased on this, what is your next action? If the "
    "mask is now accurate, you can call 'stop_action' to finish.";

namespace {

std::string dropOneTrailingNewline(std::string text) {
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
}

}  // namespace

const std::string& embeddedSystemPrompt() {
    static const std::string prompt = dropOneTrailingNewline(
        std::string(reinterpret_cast<const char*>(detail::kSystemPromptBytes), detail::kSystemPromptSize));
    return prompt;
}

std::string loadPromptFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProtocolError("cannot open system prompt file '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw ProtocolError("cannot read system prompt file '" + path + "'");
    std::string text = dropOneTrailingNewline(buffer.str());
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ProtocolError("system prompt file '" + path + "' is empty");
    return text;
}

AgentProtocol AgentProtocol::published() {
    AgentProtocol protocol;
    protocol.systemPrompt = embeddedSystemPrompt();
    protocol.firstTurnTemplate = kFirstTurnTemplate;
    protocol.laterTurnText = kLaterTurnText;
    return protocol;
}

AgentProtocol AgentProtocol::withSystemPromptFile(const std::string& path) {
    AgentProtocol protocol = published();
    protocol.systemPrompt = loadPromptFile(path);
    return protocol;
}

std::string AgentProtocol::firstTurn(const std::string& description) const {
    static const std::string placeholder = "{description}";
    std::string text = firstTurnTemplate;
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + description.size()))
        text.replace(at, placeholder.size(), description);
    return text;
}

}  // namespace medsam::core
