#include "agent/policies/OpenAiChatClient.h"

#include <QByteArray>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/protocol/BoundedJson.h"

namespace medsam::agent {

namespace {

using nlohmann::json;

constexpr int kPollMs = 20;
// A chat completion is a few levels deep; the size is bounded by maxReplyBytes before parsing.
constexpr core::JsonLimits kJsonLimits{std::size_t(1) << 31, 64};

// What one HTTP exchange gave.
struct HttpResult {
    int status = 0;  // 0: no HTTP answer
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    std::string errorText;
    bool timedOut = false;
    bool cancelled = false;
    bool tooLarge = false;        // the body passed maxReplyBytes: aborted
    std::string refusedRedirect;  // a redirect to another origin, refused: its target
    int attempts = 0;             // set by withRetries
};

bool sameOrigin(const QUrl& a, const QUrl& b) {
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == "https" ? 443 : 80) == b.port(b.scheme() == "https" ? 443 : 80);
}

std::string excerpt(const QByteArray& bytes) {
    constexpr int kMax = 200;
    QByteArray out = bytes.left(kMax);
    out.replace('\n', ' ');
    return "\"" + out.toStdString() + (bytes.size() > kMax ? "...\"" : "\"");
}

bool cancelled(const CancelFlags& flags) {
    return (flags.owner && flags.owner->load()) || (flags.episode && flags.episode->load());
}

// One request, blocking, in the calling thread. The manager and loop are local so the call never touches
// objects of another thread.
HttpResult exchange(const QUrl& url, const std::string& apiKey, const QByteArray* body, int timeoutMs,
                    long long maxReplyBytes, const CancelFlags& cancel) {
    HttpResult result;
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setRawHeader("Accept", "application/json");
    if (!apiKey.empty()) request.setRawHeader("Authorization", QByteArray("Bearer ") + apiKey.c_str());
    // Qt re-sends every header, Authorization included, to a redirect's target: decide each redirect here.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);

    QEventLoop loop;
    QNetworkReply* reply = body ? manager.post(request, *body) : manager.get(request);
    QTimer deadline;
    deadline.setSingleShot(true);
    QTimer poll;
    QObject::connect(&deadline, &QTimer::timeout, reply, [&] {
        result.timedOut = true;
        reply->abort();
    });
    QObject::connect(&poll, &QTimer::timeout, reply, [&] {
        if (cancelled(cancel)) {
            result.cancelled = true;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::redirected, reply, [&](const QUrl& target) {
        if (sameOrigin(url, target)) {
            Q_EMIT reply->redirectAllowed();
        } else {
            result.refusedRedirect = target.toString(QUrl::RemoveUserInfo).toStdString();
            reply->abort();
        }
    });
    // The body is drained as it arrives, so a reply larger than the cap is stopped at the cap, not buffered.
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        result.body += reply->readAll();
        if (result.body.size() > maxReplyBytes) {
            result.tooLarge = true;
            result.body.truncate(4096);
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    poll.start(kPollMs);
    if (!reply->isFinished()) loop.exec();
    deadline.stop();
    poll.stop();

    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen() && !result.tooLarge) {
        result.body += reply->readAll();
        if (result.body.size() > maxReplyBytes) {
            result.tooLarge = true;
            result.body.truncate(4096);
        }
    }
    result.error = reply->error();
    result.errorText = reply->errorString().toStdString();
    delete reply;
    return result;
}

bool retryable(const HttpResult& r) {
    if (r.cancelled || r.tooLarge || !r.refusedRedirect.empty()) return false;
    if (r.timedOut) return true;
    if (r.status >= 500 || r.status == 408 || r.status == 429) return true;
    if (r.status != 0) return false;  // other HTTP statuses are answers, not transport failures
    return r.error != QNetworkReply::NoError;
}

// Sleeps in short slices so a cancel is seen within kPollMs.
void backOff(int ms, const CancelFlags& cancel) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (cancelled(cancel)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, kPollMs)));
    }
}

std::string attemptsText(const HttpResult& r) {
    return r.attempts > 1 ? " (" + std::to_string(r.attempts) + " attempts; --retries sets how many)" : "";
}

std::string describeFailure(const HttpResult& r, const QUrl& url, const ChatClientConfig& config) {
    const std::string where = url.toString(QUrl::RemoveUserInfo).toStdString();
    if (r.timedOut) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", config.timeoutMs / 1000.0);
        return "no answer from " + where + " within " + seconds + " s per attempt (--timeout)" +
               attemptsText(r);
    }
    if (r.status != 0)
        return where + " answered HTTP " + std::to_string(r.status) + ": " + excerpt(r.body) +
               attemptsText(r);
    return "cannot reach " + where + ": " + r.errorText + attemptsText(r);
}

// The text of an assistant message. Servers running a tool parser return calls in "tool_calls" instead of
// the text; we rebuild the published text form so the codec sees what the model wrote.
std::string assistantText(const json& message) {
    std::string text;
    if (const auto content = message.find("content"); content != message.end()) {
        if (content->is_string()) {
            text = content->get<std::string>();
        } else if (content->is_array()) {
            for (const auto& part : *content)
                if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
                    part["text"].is_string())
                    text += part["text"].get<std::string>();
        } else if (!content->is_null()) {
            throw std::runtime_error("message content is neither text nor a list of parts");
        }
    }
    if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
        for (const auto& call : *calls) {
            const auto function = call.find("function");
            if (function == call.end() || !function->is_object()) continue;
            json arguments = json::object();
            if (const auto a = function->find("arguments"); a != function->end()) {
                std::string why;
                arguments =
                    a->is_string() ? core::parseBoundedJson(a->get<std::string>(), kJsonLimits, why) : *a;
                if (arguments.is_discarded()) arguments = a->get<std::string>();
            }
            // Published spacing is re-created by the codec when needed; here only the structure matters.
            text += "<tool_call>" +
                    json{{"name", function->value("name", "")}, {"arguments", arguments}}.dump() +
                    "</tool_call>";
        }
    }
    return text;
}

}  // namespace

std::string redactKey(std::string text, const std::string& key) {
    if (key.empty()) return text;
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
        text.replace(at, key.size(), "[redacted]");
        at += 10;
    }
    return text;
}

std::string resolveApiKey(const std::string& configured) {
    if (!configured.empty()) return configured;
    for (const char* name : {"MEDSAM_API_KEY", "OPENAI_API_KEY"})
        if (const char* value = std::getenv(name); value && *value) return value;
    return {};
}

OpenAiChatClient::OpenAiChatClient(ChatClientConfig config, const std::atomic<bool>* cancel)
    : config_(std::move(config)), apiKey_(resolveApiKey(config_.apiKey)), cancel_{cancel, nullptr} {
    while (!config_.baseUrl.empty() && config_.baseUrl.back() == '/') config_.baseUrl.pop_back();
    const QUrl url(QString::fromStdString(config_.baseUrl));
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty())
        throw std::invalid_argument("chat server URL '" + config_.baseUrl +
                                    "' is not an http(s) URL such as http://127.0.0.1:8000/v1");
    if (config_.timeoutMs <= 0) throw std::invalid_argument("chat client timeout must be positive");
    if (config_.maxRetries < 0) throw std::invalid_argument("chat client retries must not be negative");
    if (config_.maxReplyBytes < 1024)
        throw std::invalid_argument("chat client reply limit must be at least 1024 bytes");
    resolvedModel_ = config_.model;
}

void OpenAiChatClient::setEpisodeCancelFlag(const std::atomic<bool>* flag) {
    cancel_.episode = flag;
}

OpenAiChatClient::~OpenAiChatClient() = default;

namespace {

// Runs `attempt` with retries and exponential back-off; returns the first result that is not retryable.
template <typename Attempt>
HttpResult withRetries(const ChatClientConfig& config, const CancelFlags& cancel, Attempt attempt) {
    int backoff = config.initialBackoffMs;
    for (int tries = 0;; ++tries) {
        if (cancelled(cancel)) {
            HttpResult r;
            r.cancelled = true;
            return r;
        }
        HttpResult r = attempt();
        r.attempts = tries + 1;
        if (!retryable(r) || tries >= config.maxRetries) return r;
        backOff(backoff, cancel);
        backoff = std::min(config.maxBackoffMs, backoff * 2);
    }
}

void throwIfFailed(const HttpResult& r, const QUrl& url, const ChatClientConfig& config,
                   const std::string& apiKey) {
    const std::string where = url.toString(QUrl::RemoveUserInfo).toStdString();
    const auto fail = [&](ChatError::Kind kind, const std::string& what, int status = 0) {
        throw ChatError(kind, redactKey(what, apiKey), status);
    };
    if (r.cancelled) fail(ChatError::Kind::Cancelled, "request to " + where + " cancelled");
    if (!r.refusedRedirect.empty())
        fail(ChatError::Kind::BadResponse, where + " redirected to " + r.refusedRedirect +
                                               ", another origin: refused (credentials are never sent across "
                                               "origins; give the final URL with --server)");
    if (r.tooLarge)
        fail(ChatError::Kind::BadResponse,
             "the reply from " + where + " exceeds the limit of " + std::to_string(config.maxReplyBytes) +
                 " bytes (--max-reply-bytes): aborted; it began " + excerpt(r.body));
    if (r.timedOut) fail(ChatError::Kind::Timeout, describeFailure(r, url, config));
    if (r.status == 0) fail(ChatError::Kind::Unreachable, describeFailure(r, url, config));
    if (r.status < 200 || r.status >= 300)
        fail(ChatError::Kind::Http, describeFailure(r, url, config), r.status);
}

}  // namespace

const std::string& OpenAiChatClient::model() {
    if (!resolvedModel_.empty()) return resolvedModel_;
    const QUrl url(QString::fromStdString(config_.baseUrl + "/models"));
    const HttpResult r = withRetries(config_, cancel_, [&] {
        return exchange(url, apiKey_, nullptr, config_.timeoutMs, config_.maxReplyBytes, cancel_);
    });
    throwIfFailed(r, url, config_, apiKey_);
    std::string why;
    const json list = core::parseBoundedJson(r.body.toStdString(), kJsonLimits, why);
    if (list.is_discarded() || !list.is_object() || !list.contains("data") || !list["data"].is_array() ||
        list["data"].empty() || !list["data"][0].is_object() || !list["data"][0].contains("id") ||
        !list["data"][0]["id"].is_string())
        throw ChatError(ChatError::Kind::BadResponse,
                        redactKey(url.toString().toStdString() + " did not list a model: " + excerpt(r.body) +
                                      " (set the model name explicitly)",
                                  apiKey_));
    resolvedModel_ = list["data"][0]["id"].get<std::string>();
    return resolvedModel_;
}

std::string OpenAiChatClient::complete(const std::string& requestJson) {
    json request = json::parse(requestJson, nullptr, false);
    if (request.is_discarded() || !request.is_object())
        throw std::invalid_argument("chat request must be a JSON object");
    if (!request.contains("model")) request["model"] = model();
    const QByteArray body = QByteArray::fromStdString(request.dump());
    const QUrl url(QString::fromStdString(config_.baseUrl + "/chat/completions"));

    const HttpResult r = withRetries(config_, cancel_, [&] {
        return exchange(url, apiKey_, &body, config_.timeoutMs, config_.maxReplyBytes, cancel_);
    });
    throwIfFailed(r, url, config_, apiKey_);

    std::string parseProblem;
    const json answer = core::parseBoundedJson(r.body.toStdString(), kJsonLimits, parseProblem);
    const auto bad = [&](const std::string& why) {
        return ChatError(
            ChatError::Kind::BadResponse,
            redactKey(url.toString().toStdString() + " returned " + why + ": " + excerpt(r.body), apiKey_));
    };
    if (answer.is_discarded()) throw bad("a body that is not JSON (" + parseProblem + ")");
    if (!answer.is_object() || !answer.contains("choices") || !answer["choices"].is_array() ||
        answer["choices"].empty() || !answer["choices"][0].is_object() ||
        !answer["choices"][0].contains("message") || !answer["choices"][0]["message"].is_object())
        throw bad("JSON without choices[0].message");
    try {
        return assistantText(answer["choices"][0]["message"]);
    } catch (const std::exception& e) {
        throw bad(e.what());
    }
}

}  // namespace medsam::agent
