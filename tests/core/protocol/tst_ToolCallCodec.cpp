#include <QtTest>
#include <cmath>

#include "core/protocol/ToolCallCodec.h"

using namespace medsam::core;

namespace {

ToolCallErrorKind parseError(const std::string& text, ParseMode mode = ParseMode::Lenient) {
    try {
        parseToolCall(text, mode);
    } catch (const ToolCallError& e) {
        return e.kind();
    }
    throw std::runtime_error("expected a ToolCallError for: " + text);
}

// Keys that lost their opening quote (escaped, not raw, strings: moc miscounts quotes in raw strings).
const char* const kBareKeyBox =
    "<tool_call>{\"name\": \"add_bbox\", \"arguments\": {\"bbox_2d\": [1, 2, 3, 4], y\": 1}}</tool_call>";
const char* const kBareKeyPoint =
    "<tool_call>{\"name\": \"add_negative_point\", \"arguments\": {\"x\": 500, y\": 430}}</tool_call>";

const int kSizes[] = {1, 2, 7, 64, 255, 256, 500, 512, 513, 999, 1000, 1024, 2000, 2048, 3001};

}  // namespace

class TestToolCallCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // 200,000 nested '[' overflowed the stack (nlohmann::json builds and destroys recursively); depth and
    // size are bounded before parsing, in the call and in an "arguments" string.
    void nestingAndSizeAreBounded() {
        const std::string deep(200000, '[');
        QVERIFY(parseError("<tool_call>" + deep + "</tool_call>") == ToolCallErrorKind::InvalidJson);
        const std::string deepArguments = "<tool_call>{\"name\": \"add_bbox\", \"arguments\": \"" +
                                          std::string(100, '[') + "\"}</tool_call>";
        QVERIFY(parseError(deepArguments) == ToolCallErrorKind::InvalidJson);
        // Balanced and deep: parsed before, then dumped recursively into the error message.
        const std::string balanced =
            "<tool_call>{\"name\": \"add_bbox\", \"arguments\": " + std::string(30000, '[') +
            std::string(30000, ']') + "}</tool_call>";
        QVERIFY(parseError(balanced) == ToolCallErrorKind::InvalidJson);
        const std::string big = "<tool_call>{\"name\": \"stop_action\", \"arguments\": {}, \"pad\": \"" +
                                std::string(70000, 'x') + "\"}</tool_call>";
        try {
            parseToolCall(big);
            QFAIL("a 70 KB tool call was accepted");
        } catch (const ToolCallError& e) {
            QVERIFY(e.kind() == ToolCallErrorKind::InvalidJson);
            QVERIFY2(std::string(e.what()).find("exceed the limit") != std::string::npos, e.what());
        }
        // Brackets inside strings do not count.
        const std::string quoted =
            "<tool_call>{\"name\": \"stop_action\", \"note\": \"" + std::string(40, '[') + "\"}</tool_call>";
        QVERIFY(parseToolCall(quoted).kind == ActionKind::Stop);
    }

    void formatsThePublishedSpacing() {
        QCOMPARE(
            formatToolCall({ActionKind::Box, 12, 34, 567, 890}),
            std::string(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [12, 34, 567, 890]}}</tool_call>)"));
        QCOMPARE(
            formatToolCall({ActionKind::PositivePoint, 0, 999}),
            std::string(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [0, 999], "point_type": "positive"}}</tool_call>)"));
        QCOMPARE(
            formatToolCall({ActionKind::NegativePoint, 5, 6}),
            std::string(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [5, 6], "point_type": "negative"}}</tool_call>)"));
        QCOMPARE(formatToolCall({ActionKind::Stop}),
                 std::string(R"(<tool_call>{"name": "stop_action", "arguments": {}}</tool_call>)"));
    }

    void canonicalTextRoundTripsByteForByte() {
        for (const ToolCall& call :
             {ToolCall{ActionKind::Box, 0, 0, 999, 999}, ToolCall{ActionKind::Box, 1, 2, 3, 4},
              ToolCall{ActionKind::PositivePoint, 500, 1}, ToolCall{ActionKind::NegativePoint, 999, 0},
              ToolCall{ActionKind::Stop}}) {
            const std::string text = formatToolCall(call);
            QCOMPARE(parseToolCall(text), call);
            QCOMPARE(formatToolCall(parseToolCall(text)), text);
        }
    }

    void toleratesReasoningAndLayout() {
        const ToolCall box{ActionKind::Box, 10, 20, 30, 40};
        QCOMPARE(
            parseToolCall("The kidney is on the left.\n<tool_call>\n{\"name\": \"add_bbox\", \"arguments\": "
                          "{\"bbox_2d\": [10, 20, 30, 40]}}\n</tool_call>\nDone."),
            box);
        // A call mentioned while thinking is not the answer.
        QCOMPARE(parseToolCall(
                     "<think>maybe <tool_call>{\"name\": \"stop_action\", \"arguments\": {}}</tool_call>"
                     "</think>\n<tool_call>{\"name\":\"add_bbox\",\"arguments\":{\"bbox_2d\":[10,20,30,40]}}"
                     "</tool_call>"),
                 box);
        QCOMPARE(parseToolCall("reasoning without opening tag</think><tool_call>{\"name\": \"add_bbox\", "
                               "\"arguments\": {\"bbox_2d\": [10, 20, 30, 40]}}</tool_call>"),
                 box);
        // The first call wins, as in the published parser.
        QCOMPARE(parseToolCall(formatToolCall({ActionKind::PositivePoint, 1, 2}) +
                               formatToolCall({ActionKind::Stop})),
                 (ToolCall{ActionKind::PositivePoint, 1, 2}));
        // OpenAI-style stringified arguments, letter case of point_type, stop without arguments, float
        // rounding.
        QCOMPARE(
            parseToolCall("<tool_call>{\"name\": \"add_point\", \"arguments\": \"{\\\"point_2d\\\": [7, 8], "
                          "\\\"point_type\\\": \\\"Negative\\\"}\"}</tool_call>"),
            (ToolCall{ActionKind::NegativePoint, 7, 8}));
        QCOMPARE(parseToolCall(R"(<tool_call>{"name": "stop_action"}</tool_call>)"),
                 ToolCall{ActionKind::Stop});
        QCOMPARE(
            parseToolCall(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [7.4, 8.6], "point_type": "positive"}}</tool_call>)"),
            (ToolCall{ActionKind::PositivePoint, 7, 9}));
    }

    // What the published inference parser (model_loader.py process_response) runs SAM on is accepted, each
    // repair named; a reply in the schema has none.
    void lenientParseAcceptsWhatThePublishedParserAccepts() {
        const auto parsed = [](const std::string& text) { return parseToolCall(text); };
        ToolCall legacy = parsed(
            R"(<tool_call>{"name": "add_positive_point", "arguments": {"x": 500, "y": 300}}</tool_call>)");
        QCOMPARE(legacy, (ToolCall{ActionKind::PositivePoint, 500, 300}));
        QCOMPARE(legacy.repairs.size(), std::size_t(1));
        QVERIFY(legacy.repairs[0].find("add_positive_point") != std::string::npos);
        QCOMPARE(
            parsed(
                R"(<tool_call>{"name": "add_negative_point", "arguments": {"x": 100, "y": 200}}</tool_call>)"),
            (ToolCall{ActionKind::NegativePoint, 100, 200}));
        // The published example of the key repair: a key that lost its opening quote.
        const ToolCall unquoted = parsed(kBareKeyPoint);
        QCOMPARE(unquoted, (ToolCall{ActionKind::NegativePoint, 500, 430}));
        QCOMPARE(unquoted.repairs.size(), std::size_t(2));
        QVERIFY(unquoted.repairs[1].find("unquoted key") != std::string::npos);
        // Reversed corners are normalised, equal corners widened; 1000 is read as 999.
        const ToolCall reversed = parsed(
            R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [600, 700, 100, 200]}}</tool_call>)");
        QCOMPARE(reversed, (ToolCall{ActionKind::Box, 100, 200, 600, 700}));
        QCOMPARE(reversed.repairs.size(), std::size_t(2));
        QCOMPARE(
            parsed(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [30, 2, 30, 40]}}</tool_call>)"),
            (ToolCall{ActionKind::Box, 30, 2, 31, 40}));
        QCOMPARE(
            parsed(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [999, 2, 1000, 40]}}</tool_call>)"),
            (ToolCall{ActionKind::Box, 998, 2, 999, 40}));
        const ToolCall edge = parsed(
            R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1000, 2, 5], "point_type": "positive"}}</tool_call>)");
        QCOMPARE(edge, (ToolCall{ActionKind::PositivePoint, 999, 2}));
        QCOMPARE(edge.repairs.size(), std::size_t(2));
        // Valid replies carry no repairs, in either mode, and mean the same in both.
        for (const std::string& text :
             {formatToolCall({ActionKind::Box, 1, 2, 3, 4}),
              formatToolCall({ActionKind::NegativePoint, 9, 8}), formatToolCall({ActionKind::Stop})}) {
            QVERIFY(parseToolCall(text).repairs.empty());
            QCOMPARE(parseToolCall(text, ParseMode::Strict), parseToolCall(text));
        }
    }

    void rejectsEachKindOfMalformedReply() {
        using K = ToolCallErrorKind;
        QCOMPARE(int(parseError("I would draw a box around the kidney.")), int(K::NoToolCall));
        QCOMPARE(int(parseError("")), int(K::NoToolCall));
        QCOMPARE(int(parseError("<think>still thinking <tool_call>{\"name\": \"stop_action\"}</tool_call>")),
                 int(K::NoToolCall));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [1, 2, 3)")),
                 int(K::Unterminated));
        QCOMPARE(int(parseError("<tool_call>{name: add_bbox}</tool_call>")), int(K::InvalidJson));
        QCOMPARE(int(parseError("<tool_call>[1, 2]</tool_call>")), int(K::NotAnObject));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": "add_point", "arguments": [1, 2]}</tool_call>)")),
                 int(K::NotAnObject));
        QCOMPARE(int(parseError(R"(<tool_call>{"arguments": {}}</tool_call>)")), int(K::MissingName));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": 3, "arguments": {}}</tool_call>)")),
                 int(K::MissingName));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": "add_circle", "arguments": {}}</tool_call>)")),
                 int(K::UnknownTool));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": "add_bbox", "arguments": {}}</tool_call>)")),
                 int(K::MissingArgument));
        QCOMPARE(int(parseError(R"(<tool_call>{"name": "add_bbox"}</tool_call>)")), int(K::MissingArgument));
        QCOMPARE(int(parseError(
                     R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1, 2]}}</tool_call>)")),
                 int(K::MissingArgument));
        QCOMPARE(int(parseError(
                     R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [1, 2, 3]}}</tool_call>)")),
                 int(K::InvalidArgument));
        QCOMPARE(
            int(parseError(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [1, 2, "3", 4]}}</tool_call>)")),
            int(K::InvalidArgument));
        QCOMPARE(
            int(parseError(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1, 2], "point_type": "maybe"}}</tool_call>)")),
            int(K::InvalidArgument));
        QCOMPARE(
            int(parseError(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1001, 2], "point_type": "positive"}}</tool_call>)")),
            int(K::CoordinateOutOfRange));
        QCOMPARE(
            int(parseError(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [-1, 2, 30, 40]}}</tool_call>)")),
            int(K::CoordinateOutOfRange));
        // The strict mode (training-data validation) refuses each repair the lenient parse makes.
        const std::pair<std::string, K> strictOnly[] = {
            {R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1000, 2], "point_type": "positive"}}</tool_call>)",
             K::CoordinateOutOfRange},
            {R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [30, 2, 30, 40]}}</tool_call>)",
             K::InvalidBox},
            {R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [10, 50, 30, 40]}}</tool_call>)",
             K::InvalidBox},
            {R"(<tool_call>{"name": "add_positive_point", "arguments": {"x": 5, "y": 7}}</tool_call>)",
             K::UnknownTool},
            {kBareKeyBox, K::InvalidJson},
            {R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [1, 2, 3], "point_type": "positive"}}</tool_call>)",
             K::InvalidArgument},
        };
        for (const auto& [text, kind] : strictOnly) {
            QCOMPARE(int(parseError(text, ParseMode::Strict)), int(kind));
            QVERIFY(!parseToolCall(text).repairs.empty());  // and the lenient parse accepts it, repaired
        }
        // Legacy names still need their coordinates.
        QCOMPARE(int(parseError(
                     R"(<tool_call>{"name": "add_negative_point", "arguments": {"x": 5}}</tool_call>)")),
                 int(K::MissingArgument));
        // Formatting refuses what parsing would refuse.
        QVERIFY_THROWS_EXCEPTION(ToolCallError, formatToolCall({ActionKind::Box, 5, 5, 5, 9}));
        QVERIFY_THROWS_EXCEPTION(ToolCallError, formatToolCall({ActionKind::PositivePoint, 1000, 0}));
    }

    void errorMessagesNameTheProblem() {
        try {
            parseToolCall(R"(<tool_call>{"name": "add_circle", "arguments": {}}</tool_call>)");
            QFAIL("no exception");
        } catch (const ToolCallError& e) {
            QVERIFY2(std::string(e.what()).find("add_circle") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("unknown tool") != std::string::npos, e.what());
        }
    }

    // pixel -> grid -> pixel: within half a grid step for size <= 2000, one grid step for any size; integer
    // pixels come back exactly for size <= 1000.
    void pixelRoundTripIsBoundedByTheGridStep() {
        for (const int size : kSizes) {
            const double step = size / 1000.0;
            const double bound = (size <= 2000 ? 0.5 * step : step) + 1e-9;
            double worst = 0;
            for (int i = 0; i <= 4 * (size - 1); ++i) {
                const double p = i / 4.0;
                const double back = gridToPixel(pixelToGrid(p, size), size);
                QVERIFY(back >= 0 && back <= size - 1);
                worst = std::max(worst, std::abs(back - p));
                if (size <= 1000 && i % 4 == 0) QCOMPARE(std::lround(back), std::lround(p));
            }
            QVERIFY2(worst <= bound,
                     qPrintable(QString("size %1 worst %2 bound %3").arg(size).arg(worst).arg(bound)));
        }
    }

    // grid -> pixel -> grid: exact unless the pixel was clamped to size - 1, then off by < 1000 / size.
    void gridRoundTripIsExactInsideTheImage() {
        for (const int size : kSizes) {
            for (int v = 0; v <= kGridMax; ++v) {
                const int back = pixelToGrid(gridToPixel(v, size), size);
                if (v * static_cast<double>(size) / 1000.0 <= size - 1) {
                    QCOMPARE(back, v);
                } else {
                    QVERIFY(std::abs(back - v) < 1000.0 / size);
                }
            }
        }
    }

    void actionsConvertInSlicePixels() {
        const Action box = parseAction(
            R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [100, 250, 500, 750]}}</tool_call>)",
            512, 256);
        QVERIFY(box.kind == ActionKind::Box);
        QCOMPARE(box.x0, 51.2);
        QCOMPARE(box.y0, 64.0);
        QCOMPARE(box.x1, 256.0);
        QCOMPARE(box.y1, 192.0);
        QCOMPARE(
            formatAction(box, 512, 256),
            std::string(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [100, 250, 500, 750]}}</tool_call>)"));

        const Action point = Action::point(511, 0, false);
        const Action back = parseAction(formatAction(point, 512, 512), 512, 512);
        QVERIFY(back.kind == ActionKind::NegativePoint);
        QVERIFY(std::abs(back.x0 - 511) <= 0.256 && std::abs(back.y0 - 0) <= 0.256);
        QCOMPARE(toToolCall(Action::stop(), 512, 512), ToolCall{ActionKind::Stop});
        QCOMPARE(toAction(ToolCall{ActionKind::Stop}, 512, 512), Action::stop());
    }

    void degenerateBoxesStayValid() {
        // A one-pixel-wide box, reversed corners, and a box on the last pixel all encode to valid calls.
        QCOMPARE(toToolCall(Action::box(100, 100, 100, 100), 512, 512),
                 (ToolCall{ActionKind::Box, 195, 195, 196, 196}));
        QCOMPARE(toToolCall(Action::box(200, 300, 100, 50), 1000, 1000),
                 (ToolCall{ActionKind::Box, 100, 50, 200, 300}));
        QCOMPARE(toToolCall(Action::box(2999, 2999, 3000, 3000), 3001, 3001),
                 (ToolCall{ActionKind::Box, 998, 998, 999, 999}));
        for (const int size : kSizes) {
            if (size < 2) continue;
            for (int p = 0; p < size; p += std::max(1, size / 37)) {
                const ToolCall call = toToolCall(Action::box(p, p, p, size - 1), size, size);
                QVERIFY(call.x1 < call.x2 && call.y1 < call.y2);
                QCOMPARE(parseToolCall(formatToolCall(call)), call);
            }
        }
    }

    void badSizesAreRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gridToPixel(5, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pixelToGrid(5, -3));
    }
};

QTEST_APPLESS_MAIN(TestToolCallCodec)
#include "tst_ToolCallCodec.moc"
