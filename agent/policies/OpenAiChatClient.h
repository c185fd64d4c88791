#pragma once

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace medsam::agent {

// Where and how to reach an OpenAI-compatible /v1/chat/completions server (vLLM, SGLang, llama.cpp server,
// Ollama, ...).
struct ChatClientConfig {
    std::string baseUrl = "http://127.0.0.1:8000/v1";  // the request goes to baseUrl + "/chat/completions"
    std::string model;   // the served model name; empty: the first id listed by GET baseUrl + "/models"
    std::string apiKey;  // sent as "Authorization: Bearer ..."; empty: $MEDSAM_API_KEY, then $OPENAI_API_KEY
    int timeoutMs = 60000;  // whole request, connect to last byte (CLI --timeout, seconds)
    int maxRetries = 2;     // extra attempts after a connection error, a timeout, HTTP 5xx, 408 or 429
                            // (CLI --retries): worst case (1 + maxRetries) x timeoutMs plus back-off
    // Largest reply body accepted (CLI --max-reply-bytes): a longer one is aborted as it streams in
    // (ChatError BadResponse), so an endless body never exhausts memory and at most this much reaches a step.
    long long maxReplyBytes = 1 << 20;
    int initialBackoffMs = 500;  // wait before the first retry; doubled each time, up to maxBackoffMs
    int maxBackoffMs = 8000;
};

// The API key the client uses: config.apiKey, else $MEDSAM_API_KEY, else $OPENAI_API_KEY, else empty.
std::string resolveApiKey(const std::string& configured);

// `text` with every occurrence of `key` (when not empty) replaced by "[redacted]".
std::string redactKey(std::string text, const std::string& key);

// A request failed for good (after the retries). Messages name the URL, what happened and how many attempts
// were made; the API key is redacted from every message (a server may echo it in an error body).
// Credentials never cross origins: a redirect to another scheme, host or port is refused, not followed.
class ChatError : public std::runtime_error {
public:
    enum class Kind {
        Unreachable,  // connection refused or dropped, host not found, ...
        Timeout,      // no complete answer within timeoutMs
        Http,         // an HTTP error status (httpStatus())
        BadResponse,  // a 200 whose body is not an OpenAI chat completion
        Cancelled,    // the cancel flag was raised
    };
    ChatError(Kind kind, const std::string& what, int httpStatus = 0)
        : std::runtime_error(what), kind_(kind), httpStatus_(httpStatus) {}
    Kind kind() const { return kind_; }
    int httpStatus() const { return httpStatus_; }

private:
    Kind kind_;
    int httpStatus_;
};

// Two cancel flags, either stops a request: the owner's (given at construction, e.g. an evaluation's) and the
// current episode's (set by the runner that drives the policy).
struct CancelFlags {
    const std::atomic<bool>* owner = nullptr;
    const std::atomic<bool>* episode = nullptr;
};

// A blocking client: each call runs its own QNetworkAccessManager and QEventLoop in the calling thread, so it
// is safe on any worker thread (a QCoreApplication must exist). Never call it on the GUI thread: it blocks.
// The cancel flags (optional, owned by the callers) are polled every 20 ms while waiting and during back-off:
// a raised flag aborts the request in flight (ChatError Cancelled) within about that time.
class OpenAiChatClient {
public:
    explicit OpenAiChatClient(ChatClientConfig config, const std::atomic<bool>* cancel = nullptr);
    ~OpenAiChatClient();
    OpenAiChatClient(const OpenAiChatClient&) = delete;
    OpenAiChatClient& operator=(const OpenAiChatClient&) = delete;

    // POSTs `requestJson` (a complete chat-completions request body; "model" is filled in when absent) and
    // returns the assistant's text. A reply given as structured tool_calls (servers running a tool parser) is
    // turned back into the "<tool_call>{...}</tool_call>" text form. Throws ChatError.
    std::string complete(const std::string& requestJson);

    // The served model name (config.model, or asked once from GET /models). Throws ChatError.
    const std::string& model();
    const ChatClientConfig& config() const { return config_; }
    // The episode's cancel flag (nullptr: none), polled as the constructor's flag is.
    void setEpisodeCancelFlag(const std::atomic<bool>* flag);

private:
    ChatClientConfig config_;
    std::string apiKey_;
    std::string resolvedModel_;
    CancelFlags cancel_;
};

}  // namespace medsam::agent
