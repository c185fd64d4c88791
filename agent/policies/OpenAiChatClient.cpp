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
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

namespace medsam::agent {

namespace {

using nlohmann::json;

constexpr int kPollMs = 20;

// What one HTTP exchange gave.
struct HttpResult {
    int status = 0;  // 0: no HTTP answer
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    std::string errorText;
    bool timedOut = false;
    bool cancelled = false;
};

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
                    const CancelFlags& cancel) {
    HttpResult result;
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setRawHeader("Accept", "application/json");
    if (!apiKey.empty()) request.setRawHeader("Authorization", QByteArray("Bearer ") + apiKey.c_str());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

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
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    poll.start(kPollMs);
    if (!reply->isFinished()) loop.exec();
    deadline.stop();
    poll.stop();

    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen()) result.body = reply->readAll();
    result.error = reply->error();
    result.errorText = reply->errorString().toStdString();
    delete reply;
    return result;
}

bool retryable(const HttpResult& r) {
    if (r.cancelled) return false;
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

std::string describeFailure(const HttpResult& r, const QUrl& url, int timeoutMs) {
    const std::string where = url.toString(QUrl::RemoveUserInfo).toStdString();
    if (r.timedOut) return "no answer from " + where + " within " + std::to_string(timeoutMs) + " ms";
    if (r.status != 0) return where + " answered HTTP " + std::to_string(r.status) + ": " + excerpt(r.body);
    return "cannot reach " + where + ": " + r.errorText;
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
                arguments = a->is_string() ? json::parse(a->get<std::string>(), nullptr, false) : *a;
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
        if (!retryable(r) || tries >= config.maxRetries) return r;
        backOff(backoff, cancel);
        backoff = std::min(config.maxBackoffMs, backoff * 2);
    }
}

void throwIfFailed(const HttpResult& r, const QUrl& url, int timeoutMs) {
    if (r.cancelled)
        throw ChatError(ChatError::Kind::Cancelled,
                        "request to " + url.toString().toStdString() + " cancelled");
    if (r.timedOut) throw ChatError(ChatError::Kind::Timeout, describeFailure(r, url, timeoutMs));
    if (r.status == 0) throw ChatError(ChatError::Kind::Unreachable, describeFailure(r, url, timeoutMs));
    if (r.status < 200 || r.status >= 300)
        throw ChatError(ChatError::Kind::Http, describeFailure(r, url, timeoutMs), r.status);
}

}  // namespace

const std::string& OpenAiChatClient::model() {
    if (!resolvedModel_.empty()) return resolvedModel_;
    const QUrl url(QString::fromStdString(config_.baseUrl + "/models"));
    const HttpResult r = withRetries(
        config_, cancel_, [&] { return exchange(url, apiKey_, nullptr, config_.timeoutMs, cancel_); });
    throwIfFailed(r, url, config_.timeoutMs);
    const json list = json::parse(r.body.toStdString(), nullptr, false);
    if (list.is_discarded() || !list.is_object() || !list.contains("data") || !list["data"].is_array() ||
        list["data"].empty() || !list["data"][0].is_object() || !list["data"][0].contains("id") ||
        !list["data"][0]["id"].is_string())
        throw ChatError(ChatError::Kind::BadResponse, url.toString().toStdString() +
                                                          " did not list a model: " + excerpt(r.body) +
                                                          " (set the model name explicitly)");
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

    const HttpResult r = withRetries(
        config_, cancel_, [&] { return exchange(url, apiKey_, &body, config_.timeoutMs, cancel_); });
    throwIfFailed(r, url, config_.timeoutMs);

    const json answer = json::parse(r.body.toStdString(), nullptr, false);
    const auto bad = [&](const std::string& why) {
        return ChatError(ChatError::Kind::BadResponse,
                         url.toString().toStdString() + " returned " + why + ": " + excerpt(r.body));
    };
    if (answer.is_discarded()) throw bad("a body that is not JSON");
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
