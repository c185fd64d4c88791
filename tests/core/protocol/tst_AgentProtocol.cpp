#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/protocol/AgentProtocol.h"
#include "core/protocol/ToolCallCodec.h"

using namespace medsam::core;
using ordered_json = nlohmann::ordered_json;

namespace {

// Python's json.dumps with default arguments (", " and ": " separators, insertion order, ASCII): the form the
// published code used to write the tool schemas into the system prompt.
std::string pythonDumps(const ordered_json& j) {
    if (j.is_object()) {
        std::string out = "{";
        bool first = true;
        for (auto it = j.begin(); it != j.end(); ++it) {
            out += (first ? "" : ", ") + ordered_json(it.key()).dump() + ": " + pythonDumps(it.value());
            first = false;
        }
        return out + "}";
    }
    if (j.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < j.size(); ++i) out += (i ? ", " : "") + pythonDumps(j[i]);
        return out + "]";
    }
    return j.dump(-1, ' ', /*ensure_ascii=*/true);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

class TestAgentProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void embeddedPromptIsTheResourceFile() {
        const std::string file = readFile(MEDSAM_SOURCE_DIR "/resources/prompts/medsam_agent_system.txt");
        QVERIFY(!file.empty());
        QCOMPARE(embeddedSystemPrompt() + "\n", file);
        QCOMPARE(loadPromptFile(MEDSAM_SOURCE_DIR "/resources/prompts/medsam_agent_system.txt"),
                 embeddedSystemPrompt());
    }

    void systemPromptHasThePublishedPartsInOrder() {
        const std::string& p = AgentProtocol::published().systemPrompt;
        const char* parts[] = {
            "You are a professional segmentation annotator",
            "you must first create an initial mask using the tool",
            "pixel-level accuracy",
            "semi-transparent green overlay",
            "exactly covers the entire target region and excludes all non-target areas",
            "\n\n# Tools\n\n",
            "<tools>\n{\"type\": \"function\"",
            "}\n</tools>\n\n",
            "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>",
            "Only use the provided functions",
            "Carefully consider the current mask state before each action."};
        std::size_t at = 0;
        for (const char* part : parts) {
            const auto found = p.find(part, at);
            QVERIFY2(found != std::string::npos, part);
            at = found;
        }
        QVERIFY(p.back() == '.');                                          // no trailing newline
        QVERIFY(p.find("available\xE2\x80\x94you") != std::string::npos);  // the published em dash, UTF-8
    }

    void toolSchemasAreJsonInPythonSpacing() {
        const std::string& p = embeddedSystemPrompt();
        const auto begin = p.find("<tools>\n") + 8;
        const auto end = p.find("\n</tools>");
        std::istringstream lines(p.substr(begin, end - begin));
        std::vector<std::string> names;
        for (std::string line; std::getline(lines, line);) {
            const ordered_json tool = ordered_json::parse(line);
            QCOMPARE(pythonDumps(tool), line);
            QCOMPARE(tool["type"].get<std::string>(), std::string("function"));
            names.push_back(tool["function"]["name"].get<std::string>());
        }
        QCOMPARE(names, (std::vector<std::string>{"add_bbox", "add_point", "stop_action"}));
    }

    void toolSchemasDescribeWhatTheCodecAccepts() {
        const std::string& p = embeddedSystemPrompt();
        const auto begin = p.find("<tools>\n") + 8;
        std::istringstream lines(p.substr(begin, p.find("\n</tools>") - begin));
        std::string bbox, point;
        std::getline(lines, bbox);
        std::getline(lines, point);
        const auto b = ordered_json::parse(bbox)["function"]["parameters"];
        QCOMPARE(b["properties"]["bbox_2d"]["minItems"].get<int>(), 4);
        QCOMPARE(b["required"], ordered_json::parse(R"(["bbox_2d"])"));
        const auto pt = ordered_json::parse(point)["function"]["parameters"];
        QCOMPARE(pt["properties"]["point_2d"]["maxItems"].get<int>(), 2);
        QCOMPARE(pt["properties"]["point_type"]["enum"], ordered_json::parse(R"(["positive", "negative"])"));
        QVERIFY(pt["properties"]["point_2d"]["description"].get<std::string>().find("[0, 999]") !=
                std::string::npos);
        QCOMPARE(kGridMax, 999);
    }

    void userTurnsAreThePublishedTexts() {
        const AgentProtocol protocol = AgentProtocol::published();
        QCOMPARE(protocol.firstTurn("left kidney"),
                 std::string(
                     "The target to be segmented is: left kidney.\nNow, please analyze the original image, "
                     "then decide your first action."));
        // The RL recipe's later turn (medsam_iterative_agent_loop.py), a newline after the first sentence;
        // the first turn is the RL dataset's too, so both come from the variant the checkpoint saw last.
        QCOMPARE(protocol.laterTurnText,
                 std::string(
                     "Here is the updated mask after your previous action.\nBased on this, what is your next "
                     "action? If the mask is now accurate, you can call 'stop_action' to finish."));
        // A description that itself contains the placeholder is inserted once, not expanded again.
        QCOMPARE(protocol.firstTurn("{description}").find("{description}."), std::size_t(31));
        QCOMPARE(protocol.turnLimit, 5);
        QCOMPARE(protocol.imageSize, 512);
        QCOMPARE(protocol.maxNewTokens, 128);
    }

    void overrideFileReplacesTheSystemPrompt() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("prompt.txt").toStdString();
        std::ofstream(path, std::ios::binary) << "You are a careful annotator.\n";
        const AgentProtocol protocol = AgentProtocol::withSystemPromptFile(path);
        QCOMPARE(protocol.systemPrompt, std::string("You are a careful annotator."));
        QCOMPARE(protocol.laterTurnText, AgentProtocol::published().laterTurnText);
    }

    void badOverrideFilesAreNamed() {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("nope.txt").toStdString();
        try {
            AgentProtocol::withSystemPromptFile(missing);
            QFAIL("no exception");
        } catch (const ProtocolError& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        const std::string empty = dir.filePath("empty.txt").toStdString();
        std::ofstream(empty) << "\n";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, AgentProtocol::withSystemPromptFile(empty));
    }
};

QTEST_APPLESS_MAIN(TestAgentProtocol)
#include "tst_AgentProtocol.moc"
