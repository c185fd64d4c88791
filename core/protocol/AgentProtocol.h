#pragma once

#include <stdexcept>
#include <string>

// The published MedSAM-Agent conversation (docs/agent-protocol.md): a system prompt, a first user turn with
// the raw image and the target, then one user turn per action with the overlay image. The texts are the ones
// in the public MedSAM-Agent code (its RL dataset and inference scripts), so the released checkpoint sees
// exactly what it was trained on. The system prompt lives in resources/prompts/medsam_agent_system.txt,
// embedded into the binary at build time; a user may point to an edited copy instead.
namespace medsam::core {

// The system prompt file could not be used (which file, what is wrong).
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AgentProtocol {
    std::string systemPrompt;
    std::string firstTurnTemplate;  // "{description}" is replaced by the target text
    std::string laterTurnText;
    int turnLimit = 5;       // prompt actions per episode (RL: 5 assistant turns)
    int imageSize = 512;     // the model sees imageSize x imageSize RGB images
    int maxNewTokens = 128;  // generation limit per turn; decoding is greedy (temperature 0)

    // The published protocol with the embedded system prompt.
    static AgentProtocol published();
    // The published protocol with the system prompt read from `path` (UTF-8 text; one trailing newline is
    // dropped, as for the embedded file). Throws ProtocolError if the file is missing, unreadable or empty.
    static AgentProtocol withSystemPromptFile(const std::string& path);

    std::string firstTurn(const std::string& description) const;
};

// The system prompt compiled into the binary (resources/prompts/medsam_agent_system.txt, one trailing newline
// dropped).
const std::string& embeddedSystemPrompt();
// Reads a prompt file as embeddedSystemPrompt() reads the embedded one. Throws ProtocolError.
std::string loadPromptFile(const std::string& path);

// The published user-turn texts. The first carries the target; later ones follow each executed action.
extern const char* const kFirstTurnTemplate;
extern const char* const kLaterTurnText;

}  // namespace medsam::core
