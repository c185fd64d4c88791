#include <QElapsedTimer>
#include <QTcpServer>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "ScriptedChatServer.h"
#include "agent/policies/MllmPolicy.h"
#include "agent/runner/AgentRunner.h"
#include "agent/runner/Episode.h"
#include "core/protocol/ToolCallCodec.h"
#include "tests/agent/GeometricSegmenter.h"

using namespace medsam;
using namespace medsam::agent;
using medsam::test::ScriptedChatServer;
using nlohmann::json;

namespace {

const char* const kKey = "sk-test-secret-1234";
const std::string kBox =
    R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [100, 200, 500, 750]}}</tool_call>)";
const std::string kPoint =
    R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [300, 400], "point_type": "positive"}}</tool_call>)";
const std::string kStop = R"(<tool_call>{"name": "stop_action", "arguments": {}}</tool_call>)";

// A 400 x 300 slice; the model's pictures are 512 px as published, with distinct content per turn.
struct Scene {
    core::Image<float> slice;
    core::Mask mask;
    Scene() {
        core::ImageGeometry g;
        g.size = {400, 300, 1};
        slice = core::Image<float>(g, 1.0f);
        mask = core::Mask(g);
    }
    Observation observe(int turn, std::uint8_t shade = 0, std::vector<core::Action> history = {}) const {
        Observation o;
        o.history = std::move(history);
        o.slice = &slice;
        o.mask = &mask;
        o.imageRgb.assign(512 * 512 * 3, 40);
        o.overlayRgb.assign(512 * 512 * 3, static_cast<std::uint8_t>(100 + shade));
        o.turn = turn;
        o.target = "left kidney";
        return o;
    }
};

// Runs `work` on a worker QThread (as the app does) while this thread keeps serving the scripted server.
template <typename Work>
auto offThread(Work work) -> decltype(work()) {
    std::optional<decltype(work())> result;
    std::exception_ptr error;
    std::atomic<bool> done{false};
    QThread* thread = QThread::create([&] {
        try {
            result = work();
        } catch (...) {
            error = std::current_exception();
        }
        done = true;
    });
    thread->start();
    while (!done) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    thread->wait();
    delete thread;
    if (error) std::rethrow_exception(error);
    return *result;
}

// The first turn, then the decision of the second (its observation holds the first action).
Decision secondTurn(MllmPolicy& policy, const Scene& scene) {
    const Decision d0 = offThread([&] { return policy.decide(scene.observe(0)); });
    return offThread([&] { return policy.decide(scene.observe(1, 1, {d0.action})); });
}

MllmPolicyConfig configFor(const ScriptedChatServer& server) {
    MllmPolicyConfig config;
    config.client.baseUrl = server.baseUrl().toStdString();
    config.client.model = "medsam-agent";
    config.client.apiKey = kKey;
    config.client.timeoutMs = 5000;
    config.client.initialBackoffMs = 20;
    return config;
}

json body(const ScriptedChatServer::Request& request) {
    return json::parse(request.body.toStdString());
}

std::string imageUrl(const json& message) {
    return message["content"][0]["image_url"]["url"].get<std::string>();
}

// Decodes a data URL and checks it is a PNG.
bool isPngDataUrl(const std::string& url) {
    const std::string prefix = "data:image/png;base64,";
    if (url.rfind(prefix, 0) != 0) return false;
    const QByteArray png = QByteArray::fromBase64(QByteArray::fromStdString(url.substr(prefix.size())));
    return png.startsWith("\x89PNG\r\n\x1a\n") && png.size() > 100;
}

PolicyError::Kind errorKind(const std::function<void()>& f, std::string* message = nullptr,
                            std::string* raw = nullptr) {
    try {
        f();
    } catch (const PolicyError& e) {
        if (message) *message = e.what();
        if (raw) *raw = e.rawText();
        return e.kind();
    }
    throw std::runtime_error("expected a PolicyError");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestMllmPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        qunsetenv("MEDSAM_API_KEY");
        qunsetenv("OPENAI_API_KEY");
    }

    void scriptedEpisodeSpeaksThePublishedProtocol() {
        ScriptedChatServer server;
        server.respondWithAssistant("The kidney is lower left.\n" + kBox);
        server.respondWithAssistant(kPoint);
        server.respondWithAssistant(kStop);
        Scene scene;
        MllmPolicy policy(configFor(server));
        policy.reset();

        const Decision d0 = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d0.action.kind == core::ActionKind::Box);
        QCOMPARE(d0.action.x0, 40.0);   // 100 * 400 / 1000
        QCOMPARE(d0.action.y0, 60.0);   // 200 * 300 / 1000
        QCOMPARE(d0.action.x1, 200.0);  // 500 * 400 / 1000
        QCOMPARE(d0.action.y1, 225.0);  // 750 * 300 / 1000
        QCOMPARE(d0.rawText, "The kidney is lower left.\n" + kBox);
        const Decision d1 = offThread([&] { return policy.decide(scene.observe(1, 1, {d0.action})); });
        QVERIFY(d1.action == core::Action::point(120, 120, true));
        const Decision d2 = offThread([&] {
            return policy.decide(scene.observe(2, 2, {d0.action, d1.action}));
        });
        QVERIFY(d2.action.kind == core::ActionKind::Stop);

        QCOMPARE(server.requests().size(), 3);
        const std::string systemPrompt = core::AgentProtocol::published().systemPrompt;
        std::vector<std::string> images;
        for (int i = 0; i < 3; ++i) {
            const auto& request = server.requests()[i];
            QCOMPARE(request.method, QByteArray("POST"));
            QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
            QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + kKey);
            const json b = body(request);
            QCOMPARE(b["model"].get<std::string>(), std::string("medsam-agent"));
            QCOMPARE(b["temperature"].get<double>(), 0.0);
            QCOMPARE(b["max_tokens"].get<int>(), 128);
            const json& messages = b["messages"];
            QCOMPARE(int(messages.size()), 2 + 2 * i);  // history grows by one exchange per turn
            QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
            QCOMPARE(messages[0]["content"].get<std::string>(), systemPrompt);
            QCOMPARE(
                messages[1]["content"][1]["text"].get<std::string>(),
                std::string("The target to be segmented is: left kidney.\nNow, please analyze the original "
                            "image, then decide your first action."));
            for (int m = 1; m < int(messages.size()); m += 2) {
                QCOMPARE(messages[m]["role"].get<std::string>(), std::string("user"));
                QCOMPARE(messages[m]["content"][0]["type"].get<std::string>(), std::string("image_url"));
                QVERIFY(isPngDataUrl(imageUrl(messages[m])));
            }
            if (i > 0) {
                QCOMPARE(messages[2]["role"].get<std::string>(), std::string("assistant"));
                QCOMPARE(messages[2]["content"].get<std::string>(),
                         d0.rawText);  // verbatim, reasoning included
                QCOMPARE(messages[3]["content"][1]["text"].get<std::string>(),
                         core::AgentProtocol::published().laterTurnText);
            }
            images.push_back(imageUrl(messages.back()));
        }
        // Raw image first, then a different overlay per turn; earlier images stay in the context unchanged.
        QVERIFY(images[0] != images[1] && images[1] != images[2]);
        QCOMPARE(imageUrl(body(server.requests()[2])["messages"][3]), images[1]);
        QVERIFY(contains(policy.messagesJson(), "stop_action"));
    }

    void apiKeyComesFromTheEnvironmentOrIsOmitted() {
        ScriptedChatServer server;
        server.respondWithAssistant(kBox);
        server.respondWithAssistant(kBox);
        Scene scene;
        MllmPolicyConfig config = configFor(server);
        config.client.apiKey.clear();
        {
            MllmPolicy policy(config);
            offThread([&] { return policy.decide(scene.observe(0)); });
        }
        qputenv("OPENAI_API_KEY", "sk-from-env");
        {
            MllmPolicy policy(config);
            offThread([&] { return policy.decide(scene.observe(0)); });
        }
        QVERIFY(!server.requests()[0].headers.contains("authorization"));
        QCOMPARE(server.requests()[1].headers.value("authorization"), QByteArray("Bearer sk-from-env"));
    }

    void modelNameIsAskedWhenNotGiven() {
        ScriptedChatServer server;
        server.respond(200, R"({"object": "list", "data": [{"id": "MedSAM-Agent-Qwen3-VL-8B-MedSAM2"}]})");
        server.respondWithAssistant(kBox);
        Scene scene;
        MllmPolicyConfig config = configFor(server);
        config.client.model.clear();
        MllmPolicy policy(config);
        offThread([&] { return policy.decide(scene.observe(0)); });
        QCOMPARE(server.requests()[0].method, QByteArray("GET"));
        QCOMPARE(server.requests()[0].path, QByteArray("/v1/models"));
        QCOMPARE(body(server.requests()[1])["model"].get<std::string>(),
                 std::string("MedSAM-Agent-Qwen3-VL-8B-MedSAM2"));
    }

    void structuredToolCallsAreAccepted() {
        ScriptedChatServer server;
        server.respond(
            200, QByteArray::fromStdString(json{
                     {"choices",
                      {{{"message",
                         {{"role", "assistant"},
                          {"content", nullptr},
                          {"tool_calls",
                           {{{"id", "c1"},
                             {"type", "function"},
                             {"function",
                              {{"name", "add_point"},
                               {"arguments",
                                json{{"point_2d", {500, 500}}, {"point_type", "negative"}}.dump()}}}}}}}}}}}}
                                               .dump()));
        Scene scene;
        MllmPolicy policy(configFor(server));
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action == core::Action::point(200, 150, false));
    }

    void serverErrorsAreRetriedWithBackoff() {
        ScriptedChatServer server;
        server.respond(500, R"({"error": "overloaded"})");
        server.respond(503, "busy");
        server.respondWithAssistant(kBox);
        Scene scene;
        MllmPolicy policy(configFor(server));
        QElapsedTimer clock;
        clock.start();
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::Box);
        QCOMPARE(server.requests().size(), 3);
        QVERIFY(clock.elapsed() >= 20 + 40);  // back-off doubled between the attempts
        QCOMPARE(server.requests()[2].body, server.requests()[0].body);  // the same request again
    }

    void persistentServerErrorIsABackendErrorWithoutTheKey() {
        ScriptedChatServer server;
        for (int i = 0; i < 4; ++i) server.respond(500, R"({"error": "CUDA out of memory"})");
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QCOMPARE(server.requests().size(), 1 + ChatClientConfig{}.maxRetries);  // default retries: 2
        QVERIFY2(contains(message, "HTTP 500") && contains(message, "CUDA out of memory"), message.c_str());
        QVERIFY(!contains(message, kKey));
        // The failed turn left no trace: the next call starts the same conversation again.
        QCOMPARE(policy.messagesJson(), std::string("[]"));
    }

    void clientErrorsAreNotRetried() {
        ScriptedChatServer server;
        server.respond(404, R"({"error": {"message": "The model `medsam-agent` does not exist."}})");
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QCOMPARE(server.requests().size(), 1);
        QVERIFY2(contains(message, "HTTP 404") && contains(message, "does not exist"), message.c_str());
    }

    void hangingServerTimesOutAndIsRetried() {
        ScriptedChatServer server;
        server.hang();
        server.respondWithAssistant(kPoint);
        Scene scene;
        MllmPolicyConfig config = configFor(server);
        config.client.timeoutMs = 300;
        MllmPolicy policy(config);
        QElapsedTimer clock;
        clock.start();
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::PositivePoint);
        QVERIFY(clock.elapsed() >= 300);
        QCOMPARE(server.requests().size(), 2);
    }

    void serverThatAlwaysHangsGivesAClearTimeout() {
        ScriptedChatServer server;
        server.hang();
        server.hang();
        Scene scene;
        MllmPolicyConfig config = configFor(server);
        config.client.timeoutMs = 200;
        config.client.maxRetries = 1;
        MllmPolicy policy(config);
        std::string message;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY(clock.elapsed() < 3000);
        // The truth: the limit per attempt, in the unit of --timeout, and how many attempts were made.
        QVERIFY2(contains(message, "no answer") && contains(message, "0.2 s per attempt") &&
                     contains(message, "2 attempts"),
                 message.c_str());
    }

    // An endless body used to grow until bad_alloc in a Qt event handler; now it is cut at the cap, named,
    // and not retried.
    void replyOverTheSizeCapIsRefused() {
        ScriptedChatServer server;
        server.respond(200, QByteArray(3 << 20, ' ') + ScriptedChatServer::chatCompletion(kStop));
        Scene scene;
        MllmPolicyConfig config = configFor(server);
        config.client.maxReplyBytes = 64 * 1024;
        MllmPolicy policy(config);
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY2(contains(message, "exceeds the limit of 65536 bytes"), message.c_str());
        QVERIFY2(message.size() < 2000, message.c_str());
        QCOMPARE(server.requests().size(), 1);
    }

    // A reply nested 200,000 deep is refused by the bounded parser, not by a stack overflow.
    void deeplyNestedReplyIsRefused() {
        ScriptedChatServer server;
        server.respond(200, QByteArray(200000, '['));
        server.respond(200, QByteArray(200000, '['));
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message;
        errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message);
        QVERIFY2(contains(message, "nested deeper"), message.c_str());
    }

    // Qt re-sends Authorization to a redirect's target: a second loopback server on another port is another
    // origin and must never see the key.
    void redirectToAnotherOriginIsRefusedAndTheKeyStaysHome() {
        ScriptedChatServer home, elsewhere;
        elsewhere.respondWithAssistant(kStop);
        home.redirect(307, elsewhere.baseUrl() + "/chat/completions");
        Scene scene;
        MllmPolicy policy(configFor(home));
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY2(contains(message, "another origin"), message.c_str());
        for (const auto& request : elsewhere.requests())
            QVERIFY(!request.headers.value("authorization").contains(kKey));
        QCOMPARE(elsewhere.requests().size(), 0);
        // The same origin (another path) is followed, with the key.
        ScriptedChatServer server;
        server.redirect(307, server.baseUrl() + "/other/chat/completions");
        server.respondWithAssistant(kBox);
        MllmPolicy samePolicy(configFor(server));
        const Decision d = offThread([&] { return samePolicy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::Box);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests()[1].headers.value("authorization"), QByteArray("Bearer ") + kKey);
    }

    // A server that echoes the key in its error body: the message shows the body with the key redacted.
    void keyEchoedByTheServerIsRedacted() {
        ScriptedChatServer server;
        server.respond(401, QByteArray("{\"error\": \"invalid key ") + kKey + "\"}");
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message;
        errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message);
        QVERIFY2(contains(message, "HTTP 401") && contains(message, "[redacted]"), message.c_str());
        QVERIFY2(!contains(message, kKey), message.c_str());
    }

    void droppedConnectionIsRetried() {
        ScriptedChatServer server;
        server.drop();
        server.respondWithAssistant(kStop);
        server.respondWithAssistant(kBox);
        Scene scene;
        MllmPolicy policy(configFor(server));
        // The stop in the very first turn is retried too, as published.
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::Box);
        QCOMPARE(server.requests().size(), 3);
    }

    void firstTurnRetryResendsTheIdenticalConversation() {
        // Published inference: before the first action the history is cleared on every attempt, so the
        // retry is the identical conversation (no failed exchange, no extra user turn).
        ScriptedChatServer server;
        server.respondWithAssistant("I think a box around the kidney would work.");
        server.respondWithAssistant(R"(<tool_call>{"name": "add_circle", "arguments": {}}</tool_call>)");
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message, raw;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message,
                          &raw) == PolicyError::Kind::Format);
        QCOMPARE(server.requests().size(), 2);
        QVERIFY2(contains(message, "unknown tool"), message.c_str());
        QVERIFY(contains(raw, "add_circle"));
        const json first = body(server.requests()[0])["messages"];
        const json retry = body(server.requests()[1])["messages"];
        QCOMPARE(int(retry.size()), 2);
        QCOMPARE(retry, first);
        // A failed decide() leaves no half turn: the next first turn starts from the same two messages.
        QCOMPARE(json::parse(policy.messagesJson()).size(), std::size_t(0));
    }

    void firstTurnStopIsRetriedWithTheIdenticalConversation() {
        ScriptedChatServer server;
        server.respondWithAssistant(kStop);
        server.respondWithAssistant(kBox);
        Scene scene;
        MllmPolicy policy(configFor(server));
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::Box);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(body(server.requests()[1])["messages"], body(server.requests()[0])["messages"]);
        // The conversation holds only the exchange that counted.
        const json kept = json::parse(policy.messagesJson());
        QCOMPARE(int(kept.size()), 3);
        QCOMPARE(kept[2]["content"].get<std::string>(), kBox);
    }

    void laterTurnRetryKeepsTheFailedExchange() {
        // Published inference after the first action: the failed exchange stays in the history and the
        // retry is a new user turn with the current overlay and the update text.
        ScriptedChatServer server;
        server.respondWithAssistant(kBox);
        const std::string cutOff =
            "<tool_call>{\"name\": \"add_point\", \"arguments\": {\"point_2d\": [1, 2]}}";
        server.respondWithAssistant(cutOff);
        server.respondWithAssistant(kPoint);
        Scene scene;
        MllmPolicy policy(configFor(server));
        const Decision d = secondTurn(policy, scene);
        QVERIFY(d.action.kind == core::ActionKind::PositivePoint);
        QCOMPARE(policy.requestCount(), 3);
        const json failed = body(server.requests()[1])["messages"];
        const json retry = body(server.requests()[2])["messages"];
        QCOMPARE(int(failed.size()), 4);
        QCOMPARE(int(retry.size()), 6);
        for (int m = 0; m < 4; ++m) QCOMPARE(retry[m], failed[m]);
        QCOMPARE(retry[4]["role"].get<std::string>(), std::string("assistant"));
        QCOMPARE(retry[4]["content"].get<std::string>(), cutOff);
        QCOMPARE(retry[5]["content"][1]["text"].get<std::string>(),
                 core::AgentProtocol::published().laterTurnText);
        QCOMPARE(imageUrl(retry[5]), imageUrl(failed[3]));  // the same current overlay
    }

    void emptyLaterReplyIsResentIdentically() {
        // The published script stores no exchange whose reply is empty, so its retry repeats the request.
        ScriptedChatServer server;
        server.respondWithAssistant(kBox);
        server.respondWithAssistant("");
        server.respondWithAssistant(kStop);
        Scene scene;
        MllmPolicy policy(configFor(server));
        QVERIFY(secondTurn(policy, scene).action.kind == core::ActionKind::Stop);
        QCOMPARE(body(server.requests()[2])["messages"], body(server.requests()[1])["messages"]);
    }

    // The published parser's leniency (legacy names, a bare key, a reversed box) is accepted and every repair
    // lands in the step record; the strict mode refuses the same reply.
    void repairedRepliesAreAcceptedAndRecordedInTheSteps() {
        ScriptedChatServer server;
        server.respondWithAssistant(
            R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [500, 750, 100, 200]}}</tool_call>)");
        server.respondWithAssistant(
            "<tool_call>{\"name\": \"add_negative_point\", \"arguments\": {\"x\": 300, y\": "
            "400}}</tool_call>");
        server.respondWithAssistant(kStop);
        MllmPolicy policy(configFor(server));
        test::GeometricSegmenter tool(PromptProtocol::Paper);
        SegmentationEnv env(tool);
        EpisodeRequest request;
        request.task.target = "left kidney";
        core::ImageGeometry g;
        g.size = {400, 300, 1};
        request.slice = core::Image<float>(g, 1.0f);
        const core::Trajectory t = offThread([&] { return runEpisode(env, policy, request); });
        QCOMPARE(int(t.steps.size()), 3);
        QVERIFY(t.steps[0].action == core::Action::box(40, 60, 200, 225));  // corners normalised
        QCOMPARE(int(t.steps[0].repairs.size()), 2);
        QVERIFY(t.steps[1].action == core::Action::point(120, 120, false));
        QCOMPARE(int(t.steps[1].repairs.size()), 2);  // legacy name, unquoted key
        QVERIFY(contains(t.steps[1].repairs[0], "add_negative_point"));
        QVERIFY(t.steps[2].repairs.empty());
        QCOMPARE(core::toString(t.outcome), std::string("stopped"));

        ScriptedChatServer strictServer;
        strictServer.respondWithAssistant(
            R"(<tool_call>{"name": "add_positive_point", "arguments": {"x": 300, "y": 400}}</tool_call>)");
        strictServer.respondWithAssistant(
            R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [500, 750, 100, 200]}}</tool_call>)");
        MllmPolicyConfig strict = configFor(strictServer);
        strict.parseMode = core::ParseMode::Strict;
        MllmPolicy strictPolicy(strict);
        Scene scene;
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return strictPolicy.decide(scene.observe(0)); }); },
                          &message) == PolicyError::Kind::Format);
        QVERIFY2(contains(message, "invalid box"), message.c_str());
    }

    void stopInTheFirstTurnIsAcceptedAfterOneRetry() {
        ScriptedChatServer server;
        server.respondWithAssistant(kStop);
        server.respondWithAssistant(kStop);
        Scene scene;
        MllmPolicy policy(configFor(server));
        const Decision d = offThread([&] { return policy.decide(scene.observe(0)); });
        QVERIFY(d.action.kind == core::ActionKind::Stop);
        QCOMPARE(server.requests().size(), 2);
    }

    void nonJsonGarbageIsAClearBackendError() {
        ScriptedChatServer server;
        server.respond(200, "<html><body>502 Bad Gateway</body></html>");
        server.respond(200, R"({"result": "ok"})");
        Scene scene;
        MllmPolicy policy(configFor(server));
        std::string message;
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY2(contains(message, "not JSON") && contains(message, "Bad Gateway"), message.c_str());
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY2(contains(message, "choices"), message.c_str());
        QCOMPARE(server.requests().size(), 2);
    }

    void unreachableServerFailsQuickly() {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        MllmPolicyConfig config;
        config.client.baseUrl = "http://127.0.0.1:" + std::to_string(port) + "/v1";
        config.client.model = "m";
        config.client.maxRetries = 2;
        config.client.initialBackoffMs = 50;
        Scene scene;
        MllmPolicy policy(config);
        std::string message;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }, &message) ==
                PolicyError::Kind::Backend);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY2(contains(message, "cannot reach") && contains(message, std::to_string(port)),
                 message.c_str());
    }

    void cancellationDuringAHangingRequestReturnsPromptly() {
        ScriptedChatServer server;
        server.hang();
        Scene scene;
        std::atomic<bool> cancel{false};
        MllmPolicyConfig config = configFor(server);
        config.client.timeoutMs = 30000;
        MllmPolicy policy(config, &cancel);
        QTimer::singleShot(200, [&] { cancel = true; });
        QElapsedTimer clock;
        clock.start();
        QVERIFY(errorKind([&] { offThread([&] { return policy.decide(scene.observe(0)); }); }) ==
                PolicyError::Kind::Cancelled);
        QVERIFY(clock.elapsed() >= 200);
        QVERIFY(clock.elapsed() < 5000);  // far below the 30 s timeout, with room for a loaded CI machine
    }

    void mixedSessionsReplayOtherActorsActions() {
        ScriptedChatServer server;
        server.respondWithAssistant(kPoint);
        server.respondWithAssistant(kStop);
        Scene scene;
        MllmPolicy policy(configFor(server));
        // A person drew the box (slice pixels); the agent takes over at turn 1.
        const core::Action personBox = core::Action::box(40, 60, 200, 225);
        const Decision d1 = offThread([&] { return policy.decide(scene.observe(1, 1, {personBox})); });
        QVERIFY(d1.action.kind == core::ActionKind::PositivePoint);
        // The person clicks once more before the agent's next turn.
        const core::Action personClick = core::Action::point(10, 20, false);
        offThread([&] { return policy.decide(scene.observe(3, 3, {personBox, d1.action, personClick})); });

        const json first = body(server.requests()[0])["messages"];
        QCOMPARE(int(first.size()), 4);  // system, first turn (raw image), the person's box, overlay turn
        QCOMPARE(first[2]["role"].get<std::string>(), std::string("assistant"));
        QCOMPARE(first[2]["content"].get<std::string>(),
                 kBox);  // the box in the published form: [100, 200, 500, 750]
        QVERIFY(imageUrl(first[1]) != imageUrl(first[3]));
        const json second = body(server.requests()[1])["messages"];
        QCOMPARE(int(second.size()), 8);
        QCOMPARE(second[4]["content"].get<std::string>(), kPoint);  // the agent's own reply, verbatim
        QCOMPARE(int(second[5]["content"].size()), 1);              // text-only: that mask was never rendered
        QCOMPARE(second[6]["content"].get<std::string>(), core::formatAction(personClick, 400, 300));
        QCOMPARE(second[7]["content"][0]["type"].get<std::string>(), std::string("image_url"));
    }

    void badConfigurationAndObservationsAreRejected() {
        MllmPolicyConfig config;
        config.client.baseUrl = "localhost:8000";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MllmPolicy{config});
        config.client.baseUrl = "http://127.0.0.1:9/v1";
        MllmPolicy policy(config);
        Scene scene;
        Observation o = scene.observe(0);
        o.imageRgb.resize(10);
        std::string message;
        QVERIFY(errorKind([&] { policy.decide(o); }, &message) == PolicyError::Kind::Backend);
        QVERIFY2(contains(message, "imageRgb"), message.c_str());
        Observation none;
        QVERIFY(errorKind([&] { policy.decide(none); }) == PolicyError::Kind::Backend);
    }

    // The runner's cancel reaches the request in flight: a server that accepts the connection and never
    // answers (timeout 60 s, 3 retries: minutes) must not keep the episode alive more than a second after
    // cancel(), and the episode ends as Cancelled. Before, the policy never saw the runner's flag.
    void runnerCancelAbortsTheRequestInFlightWithinOneSecond() {
        QTcpServer silent;  // listen() alone: the kernel accepts the connection, nobody ever reads or answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        MllmPolicyConfig config;
        config.client.baseUrl = "http://127.0.0.1:" + std::to_string(silent.serverPort()) + "/v1";
        config.client.model = "medsam-agent";
        config.client.apiKey = kKey;
        config.client.timeoutMs = 60000;
        config.client.maxRetries = 3;
        MllmPolicy policy(config);  // no cancel flag of its own
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        AgentRunner runner(tool, &policy);
        QSignalSpy done(&runner, &AgentRunner::finished);
        EpisodeRequest request;
        request.task.target = "square";
        core::ImageGeometry g;
        g.size = {64, 64, 1};
        request.slice = core::Image<float>(g, 1.0f);
        runner.start(request);
        QVERIFY(silent.waitForNewConnection(10000));  // the policy's request is now in flight
        QTest::qSleep(200);                           // and its body sent
        QElapsedTimer timer;
        timer.start();
        runner.cancel();
        const bool ended = runner.wait(1000);
        const qint64 ms = timer.elapsed();
        qInfo("cancel -> episode ended in %lld ms", static_cast<long long>(ms));
        QVERIFY2(ended, "the episode was still waiting for the server 1 s after cancel()");
        QVERIFY(done.wait(2000));
        const auto t = done.takeFirst().at(0).value<core::Trajectory>();
        QVERIFY(!t.steps.empty());
        qInfo("last step: %s", t.steps.back().error.c_str());
        QVERIFY(t.outcome == core::Outcome::Cancelled);
        QVERIFY2(QString::fromStdString(t.steps.back().error).contains("cancelled"),
                 t.steps.back().error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestMllmPolicy)
#include "tst_MllmPolicy.moc"
