#include <QTemporaryDir>
#include <QtTest>

#include "core/io/LabelDescription.h"

using namespace medsam::core;

namespace {
// As ITK-SNAP 4 writes it (its default label set's first entries, with a name holding spaces).
const char* const kItkSnapFile =
    "################################################\n"
    "# ITK-SnAP Label Description File\n"
    "# File format: \n"
    "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
    "################################################\n"
    "    0     0    0    0        0  0  0    \"Clear Label\"\n"
    "    1   255    0    0        1  1  1    \"Left kidney\"\r\n"
    "   12     0  255    0     0.50  0  1    \"Label 12\"\n";

void expectError(const std::string& text, const char* contains) {
    try {
        parseLabelDescriptions(text, "labels.txt");
        QFAIL(qPrintable(QStringLiteral("accepted: %1").arg(QString::fromStdString(text))));
    } catch (const std::runtime_error& e) {
        QVERIFY2(std::string(e.what()).find(contains) != std::string::npos, e.what());
    }
}
}  // namespace

class TestLabelDescription : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsItkSnapsFormat() {
        const auto labels = parseLabelDescriptions(kItkSnapFile, "labels.txt");
        QCOMPARE(labels.size(), std::size_t(2));  // the clear label is skipped
        QCOMPARE(labels[0].info.value, std::uint16_t(1));
        QCOMPARE(labels[0].info.name, std::string("Left kidney"));
        QCOMPARE(labels[0].info.color[0], std::uint8_t(255));
        QCOMPARE(labels[1].info.value, std::uint16_t(12));
        QCOMPARE(labels[1].opacity, 0.5);
        QVERIFY(!labels[1].visible);
        QVERIFY(labels[1].meshVisible);
    }

    void writesWhatItReads() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.txt")).toStdString();
        auto labels = parseLabelDescriptions(kItkSnapFile, "labels.txt");
        labels[0].info.name = "quote \" inside";
        writeLabelDescriptions(path, labels);
        const auto back = readLabelDescriptions(path);
        QCOMPARE(back.size(), labels.size());
        QCOMPARE(back[0].info.name, std::string("quote ' inside"));
        QCOMPARE(back[1].info.color, labels[1].info.color);
        QCOMPARE(back[1].opacity, 0.5);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 writeLabelDescriptions("/nonexistent/dir/x.txt", labels));
    }

    void badLinesNameTheLineAndTheProblem() {
        expectError("1 255 0 0 1 1 1 Liver\n", "labels.txt:1: the label name must be in double quotes");
        expectError("# c\n70000 0 0 0 1 1 1 \"x\"\n", "labels.txt:2: IDX '70000'");
        expectError("1 256 0 0 1 1 1 \"x\"\n", "colour '256'");
        expectError("1 0 0 0 1.5 1 1 \"x\"\n", "A (opacity) '1.5' is not in 0..1");
        expectError("1 0 0 0 nan 1 1 \"x\"\n", "A (opacity)");
        expectError("1 0 0 0 1 2 1 \"x\"\n", "VIS '2'");
        expectError("1 0 0\n", "missing colour");
        expectError("1 0 0 0 1 1 1 \"a\"\n1 0 0 0 1 1 1 \"b\"\n", "labels.txt:2: label 1 appears twice");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, readLabelDescriptions("/nonexistent/labels.txt"));
    }

    // Truncations of a valid file, overflowing and non-finite numbers, random bytes: each parses or is a
    // runtime_error naming the origin; nothing else escapes.
    void hostileInputIsAClearErrorOrAParse() {
        const std::string valid = kItkSnapFile;
        std::vector<std::string> inputs;
        for (std::size_t n = 0; n < valid.size(); n += 7) inputs.push_back(valid.substr(0, n));
        inputs.push_back("1 99999999999999999999 0 0 1 1 1 \"x\"\n");
        inputs.push_back("1 0 0 0 inf 1 1 \"x\"\n");
        inputs.push_back("1 0 0 0 1e308 1 1 \"x\"\n");
        inputs.push_back(std::string(100000, '"'));
        std::uint32_t state = 12345;
        for (int i = 0; i < 300; ++i) {
            std::string junk(static_cast<std::size_t>(i % 97), '\0');
            for (char& c : junk) {
                state = state * 1664525u + 1013904223u;  // a fixed LCG: the same bytes on every library
                c = static_cast<char>(state >> 24);
            }
            inputs.push_back(junk);
        }
        int errors = 0;
        for (const auto& text : inputs) {
            try {
                parseLabelDescriptions(text, "fuzz.txt");
            } catch (const std::runtime_error& e) {
                QVERIFY2(std::string(e.what()).rfind("fuzz.txt:", 0) == 0, e.what());
                ++errors;
            }
        }
        QVERIFY(errors > 300);  // the junk and the bad numbers are refused
    }
};

QTEST_APPLESS_MAIN(TestLabelDescription)
#include "tst_LabelDescription.moc"
