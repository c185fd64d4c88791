// `medsam-agent eval --policy mllm` end to end, as a user runs it, against a loopback server that replays
// replies in the published MedSAM-Agent format (issue 12). The replies exercise what the public inference
// script (infer/unibiomed_inference_toolusing.py with model_loader.py) does with them: a first-turn reply
// without a call and a first-turn stop are retried by resending the identical conversation; a later invalid
// reply keeps the failed exchange and asks again; legacy names, a bare key, a reversed box and the value 1000
// are accepted; the episode ends at stop or after 5 actions. The trajectories the program writes must be the
// ones that script would record (the calls in the published grid form, in order), and every request must be
// the published conversation (RL recipe's texts, temperature 0, 128 new tokens).
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ScriptedChatServer.h"

using medsam::test::ScriptedChatServer;
using nlohmann::json;

namespace {

const char* const kLaterTurn =
    "Here is the updated mask after your previous action.\nBased on this, what is your next action? If the "
    "mask is now accurate, you can call 'stop_action' to finish.";
const char* const kFirstTurn =
    "The target to be segmented is: phantom organ.\nNow, please analyze the original image, then decide "
    "your first action.";

// Runs the CLI while this thread keeps serving the scripted server.
struct Run {
    int exitCode = -1;
    QByteArray out, err;
};
Run runAgent(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.start(MEDSAM_AGENT_EXE, args);
    if (!p.waitForStarted(10000)) return {};
    QElapsedTimer clock;
    clock.start();
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 240000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        p.waitForFinished(5);
    }
    if (p.state() != QProcess::NotRunning) p.kill();
    p.waitForFinished(5000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

std::string call(const std::string& body) {
    return "<tool_call>" + body + "</tool_call>";
}
// The published one-line forms (json.dumps spacing).
std::string box(int x1, int y1, int x2, int y2) {
    return call("{\"name\": \"add_bbox\", \"arguments\": {\"bbox_2d\": [" + std::to_string(x1) + ", " +
                std::to_string(y1) + ", " + std::to_string(x2) + ", " + std::to_string(y2) + "]}}");
}
std::string point(int x, int y, const std::string& type) {
    return call("{\"name\": \"add_point\", \"arguments\": {\"point_2d\": [" + std::to_string(x) + ", " +
                std::to_string(y) + "], \"point_type\": \"" + type + "\"}}");
}
const std::string kStop = call("{\"name\": \"stop_action\", \"arguments\": {}}");

json messagesOf(const ScriptedChatServer::Request& r) {
    return json::parse(r.body.toStdString())["messages"];
}

std::vector<std::string> callsOf(const json& trajectory) {
    std::vector<std::string> calls;
    for (const auto& s : trajectory["steps"]) calls.push_back(s.value("call", std::string("<error>")));
    return calls;
}

// Splits a documented command line into arguments ("double quotes" group words).
QStringList splitCommandLine(const std::string& line) {
    QStringList args;
    QString current;
    bool quoted = false, any = false;
    for (const char c : line) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (c == ' ' && !quoted) {
            if (any) args << current;
            current.clear();
            any = false;
        } else {
            current += QChar(c);
            any = true;
        }
    }
    if (any) args << current;
    return args;
}

}  // namespace

class TestEvalMllmReplay : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    // Two phantoms with their manifest, and the weightless SAM model, made by the program itself.
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        Run r = runAgent({"phantoms", "--out", tmp_.path() + "/ph", "--count", "2", "--size", "64"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = runAgent({"sam-check", "--write-synthetic", tmp_.path() + "/sam"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void evalReplaysThePublishedInferenceTrajectories() {
        const QString dir = tmp_.path();
        Run r;

        ScriptedChatServer server;
        // Case 1 (manifest row 1).
        server.respondWithAssistant("I need to look at the image first.");  // no call: identical resend
        server.respondWithAssistant(box(100, 200, 600, 700));
        server.respondWithAssistant(  // legacy name and a key without its opening quote
            call("{\"name\": \"add_positive_point\", \"arguments\": {\"x\": 500, y\": 430}}"));
        server.respondWithAssistant(kStop);
        // Case 2 (row 2).
        server.respondWithAssistant(kStop);  // first-turn stop
        server.respondWithAssistant(box(700, 650, 300, 250));
        server.respondWithAssistant(call(R"({"name": "add_circle", "arguments": {}})"));  // kept, asked again
        server.respondWithAssistant(point(1000, 500, "negative"));
        server.respondWithAssistant(point(450, 450, "positive"));
        server.respondWithAssistant(point(550, 550, "positive"));
        server.respondWithAssistant(point(500, 520, "negative"));

        r = runAgent({"eval", "--manifest", dir + "/ph/manifest.csv", "--policy", "mllm", "--server",
                      QString::fromLatin1(server.baseUrl()), "--model", "medsam-agent", "--tool", "sam",
                      "--sam-model", dir + "/sam", "--out", dir + "/out", "--trajectories", "--quiet"});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QCOMPARE(server.pending(), 0);
        QCOMPARE(server.requests().size(), 11);

        std::ifstream in((dir + "/out/trajectories.jsonl").toStdString());
        std::vector<json> trajectories;
        for (std::string line; std::getline(in, line);) trajectories.push_back(json::parse(line));
        QCOMPARE(int(trajectories.size()), 2);
        const json& first = trajectories[0];
        const json& second = trajectories[1];
        QCOMPARE(first["row"].get<int>(), 1);
        QCOMPARE(first["tool"].get<std::string>(), std::string("sam/synthetic"));

        // What the published script records: add_bbox, add_point (positive), stop.
        QCOMPARE(first["outcome"].get<std::string>(), std::string("stopped"));
        QCOMPARE(callsOf(first),
                 (std::vector<std::string>{box(100, 200, 600, 700), point(500, 430, "positive"), kStop}));
        // Slice pixels on the 64 px phantom: the training mapping v * 64 / 1000.
        QCOMPARE(first["steps"][0]["action"]["x0"].get<double>(), 6.4);
        QCOMPARE(first["steps"][0]["action"]["y1"].get<double>(), 44.8);
        QCOMPARE(first["steps"][1]["action"]["x0"].get<double>(), 32.0);
        QCOMPARE(first["steps"][1]["repairs"].size(), std::size_t(2));  // legacy name, bare key
        QVERIFY(first["steps"][0]["repairs"].empty());
        QVERIFY(first["steps"][1].contains("dice"));

        // The reversed box normalised, the retried invalid call gone, 1000 read as 999; 5 actions, no stop.
        QCOMPARE(second["outcome"].get<std::string>(), std::string("turn_limit"));
        QCOMPARE(callsOf(second),
                 (std::vector<std::string>{
                     box(300, 250, 700, 650),
                     // 1000 -> 999 -> the last pixel centre (63), written back on the grid as 984
                     point(984, 500, "negative"), point(450, 450, "positive"), point(550, 550, "positive"),
                     point(500, 520, "negative")}));
        QCOMPARE(second["steps"][0]["repairs"].size(), std::size_t(2));    // both axes swapped
        QCOMPARE(second["steps"][1]["action"]["x0"].get<double>(), 63.0);  // the last pixel centre

        // The requests: published texts and decoding; the first-turn retries resend the same conversation.
        const auto& requests = server.requests();
        for (const auto& req : requests) {
            const json b = json::parse(req.body.toStdString());
            QCOMPARE(b["model"].get<std::string>(), std::string("medsam-agent"));
            QCOMPARE(b["temperature"].get<double>(), 0.0);
            QCOMPARE(b["max_tokens"].get<int>(), 128);
            QCOMPARE(b["messages"][1]["content"][1]["text"].get<std::string>(), std::string(kFirstTurn));
        }
        QCOMPARE(messagesOf(requests[1]), messagesOf(requests[0]));
        QCOMPARE(int(messagesOf(requests[1]).size()), 2);
        QCOMPARE(messagesOf(requests[5]), messagesOf(requests[4]));
        const json later = messagesOf(requests[3]);  // case 1, third turn
        QCOMPARE(int(later.size()), 6);
        QCOMPARE(later[3]["content"][1]["text"].get<std::string>(), std::string(kLaterTurn));
        QCOMPARE(later[5]["content"][1]["text"].get<std::string>(), std::string(kLaterTurn));
        // Case 2's invalid second turn stays in the history; the retry is a new user turn.
        const json failed = messagesOf(requests[6]), retry = messagesOf(requests[7]);
        QCOMPARE(int(failed.size()), 4);
        QCOMPARE(int(retry.size()), 6);
        QCOMPARE(retry[4]["content"].get<std::string>(), call(R"({"name": "add_circle", "arguments": {}})"));
        QCOMPARE(retry[5]["content"][1]["text"].get<std::string>(), std::string(kLaterTurn));
        QCOMPARE(retry[5]["content"][0]["image_url"]["url"], failed[3]["content"][0]["image_url"]["url"]);
    }

    // A colour photograph (endoscopy-like: a red half and a blue half) reaches the model in colour, as the
    // published pipeline's RGB PNGs do, and its overlay blends green into that colour (issue 12, item 1).
    void colourImageReachesTheModelInColour() {
        const QString dir = tmp_.path() + "/colour";
        QVERIFY(QDir().mkpath(dir));
        QImage photo(64, 64, QImage::Format_RGB888), label(64, 64, QImage::Format_Grayscale8);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                photo.setPixelColor(x, y, x < 32 ? QColor(200, 30, 30) : QColor(30, 30, 200));
                label.setPixelColor(
                    x, y, x >= 16 && x < 48 && y >= 16 && y < 48 ? QColor(1, 1, 1) : QColor(0, 0, 0));
            }
        QVERIFY(photo.save(dir + "/photo.png"));
        QVERIFY(label.save(dir + "/label.png"));
        {
            std::ofstream manifest((dir + "/manifest.csv").toStdString());
            manifest << "image,label,label_value,target,axis,slice\nphoto.png,label.png,1,polyp,axial,0\n";
        }
        ScriptedChatServer server;
        server.respondWithAssistant(box(250, 250, 750, 750));
        server.respondWithAssistant(kStop);
        const Run r = runAgent({"eval", "--manifest", dir + "/manifest.csv", "--policy", "mllm", "--server",
                                QString::fromLatin1(server.baseUrl()), "--model", "medsam-agent", "--out",
                                dir + "/out", "--quiet"});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QCOMPARE(server.requests().size(), 2);
        const auto picture = [&](int request, int message) {
            const json m = messagesOf(server.requests()[request])[std::size_t(message)];
            const std::string url = m["content"][0]["image_url"]["url"].get<std::string>();
            const std::string prefix = "data:image/png;base64,";
            return QImage::fromData(
                       QByteArray::fromBase64(QByteArray::fromStdString(url.substr(prefix.size()))), "PNG")
                .convertToFormat(QImage::Format_RGB888);
        };
        const QImage first = picture(0, 1);
        QCOMPARE(first.size(), QSize(512, 512));
        QCOMPARE(first.pixelColor(20, 256), QColor(200, 30, 30));  // as stored, not luminance
        QCOMPARE(first.pixelColor(490, 256), QColor(30, 30, 200));
        // The overlay: where the mask is, the colour blended 50/50 with green (green about 142 from 30, red
        // and blue halved and still unequal); a grey picture's blend would keep red equal to blue.
        const QImage overlay = picture(1, 3);
        QCOMPARE(overlay.pixelColor(2, 2), QColor(200, 30, 30));  // the corner: outside the mask
        int colourBlend = 0;
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) {
                const QColor c = overlay.pixelColor(x, y);
                colourBlend += c.green() >= 135 && c.green() <= 143 && std::abs(c.red() - c.blue()) >= 30;
            }
        QVERIFY2(colourBlend > 0, qPrintable("centre " + overlay.pixelColor(256, 256).name()));
    }

    // The serving recipe's `medsam-agent segment ... --policy mllm` line in docs/agent-protocol.md, run as
    // written with only its image, server URL, model folder and output pointed at this test's.
    void documentedSegmentLineRuns() {
        std::ifstream docs(MEDSAM_DOCS_DIR "/agent-protocol.md");
        std::string documented;
        for (std::string line; std::getline(docs, line);)
            if (line.rfind("    medsam-agent segment ", 0) == 0 &&
                line.find("--policy mllm") != std::string::npos)
                documented = line;
        QVERIFY2(!documented.empty(), "no `medsam-agent segment ... --policy mllm` line in the docs");
        QStringList args = splitCommandLine(documented);
        QCOMPARE(args.takeFirst(), QString("medsam-agent"));
        QCOMPARE(args[0], QString("segment"));
        args[1] = tmp_.path() + "/ph/phantom_000.nii.gz";  // the image
        ScriptedChatServer server;
        const auto replace = [&](const QString& option, const QString& value) {
            const auto at = args.indexOf(option);
            QVERIFY2(at >= 0 && at + 1 < args.size(),
                     qPrintable(option + " missing from the documented line"));
            args[at + 1] = value;
        };
        replace("--server", QString::fromLatin1(server.baseUrl()));
        replace("--sam-model", tmp_.path() + "/sam");
        replace("--out", tmp_.path() + "/documented.nii.gz");
        QCOMPARE(args[args.indexOf("--model") + 1], QString("medsam-agent"));  // the recipe's served name

        server.respondWithAssistant(box(200, 200, 800, 800));
        server.respondWithAssistant(kStop);
        const Run r = runAgent(args);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY(QFileInfo::exists(tmp_.path() + "/documented.nii.gz"));
        QCOMPARE(server.requests().size(), 2);
        const json second = json::parse(server.requests()[1].body.toStdString());
        QCOMPARE(second["temperature"].get<double>(), 0.0);
        QCOMPARE(second["max_tokens"].get<int>(), 128);
        int pictures = 0;
        for (const auto& m : second["messages"])
            if (m["role"] == "user") pictures += m["content"][0]["type"] == "image_url" ? 1 : 0;
        QCOMPARE(pictures, 2);  // the first picture and one overlay: one per user turn
    }
};

QTEST_GUILESS_MAIN(TestEvalMllmReplay)
#include "tst_EvalMllmReplay.moc"
