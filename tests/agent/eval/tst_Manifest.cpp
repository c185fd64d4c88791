#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "agent/eval/Csv.h"
#include "agent/eval/Manifest.h"

using namespace medsam;
using namespace medsam::agent;

class TestManifest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvRoundTripsQuotedFields() {
        const std::vector<std::string> fields{"a", "left kidney, upper pole", "say \"hi\"", ""};
        const auto rows = parseCsv(csvLine(fields) + "\r\n\nx,y\n", "t.csv");
        QCOMPARE(rows.size(), std::size_t(2));
        QVERIFY(rows[0] == fields);
        QCOMPARE(rows[1].size(), std::size_t(2));
        try {
            parseCsv("a,\"open\nb", "open.csv");
            QFAIL("an unclosed quote was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).rfind("open.csv: ", 0) == 0, e.what());  // names the file
        }
        // A spreadsheet's UTF-8 byte-order mark is not part of the first column's name.
        QCOMPARE(parseCsv("\xEF\xBB\xBFimage,label\n", "bom.csv")[0][0], std::string("image"));
        QCOMPARE(parseCsv("t\xC3\xBCmor\n", "utf8.csv")[0][0], std::string("t\xC3\xBCmor"));
        // Latin-1 is refused up front, naming file and line (it used to fail in the JSON writer after the
        // run).
        for (const char* bad : {"a\nt\xFCmor\n", "a\n\xC3", "a\n\xED\xA0\x80", "a\n\xC0\xAF"}) {
            try {
                parseCsv(bad, "latin1.csv");
                QFAIL(bad);
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).rfind("latin1.csv: line 2 ", 0) == 0, e.what());
            }
        }
    }
    void parsesRowsRelativeToTheManifestFolder() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("cases.csv").toStdString();
        std::ofstream(path) << "target,image,label,label_value,axis,slice,notes\n"
                               "brain,itk/t1.nii.gz,itk/mask.nii.gz,5|6,axial,largest,x\n"
                               "\"ventricle, left\",/abs/v.png,v_label.png,255,,12,\n";
        const auto cases = readManifest(path);
        QCOMPARE(cases.size(), std::size_t(2));
        QCOMPARE(cases[0].image, dir.filePath("itk/t1.nii.gz").toStdString());
        QVERIFY((cases[0].labelValues == std::vector<std::uint16_t>{5, 6}));
        QVERIFY(!cases[0].slice.has_value());
        QVERIFY(cases[0].plane == core::AnatomicalPlane::Axial);
        QCOMPARE(cases[1].image, std::string("/abs/v.png"));
        QCOMPARE(cases[1].target, std::string("ventricle, left"));
        QCOMPARE(*cases[1].slice, 12);
        QCOMPARE(cases[1].row, 2);
    }
    void rejectsBadRowsWithTheirRowNumber() {
        const std::string header = "image,label,label_value,target,axis,slice\n";
        auto message = [&](const std::string& row) {
            try {
                parseManifest(header + row, "/base", "m.csv");
            } catch (const std::invalid_argument& e) {
                return QString(e.what());
            }
            return QString();
        };
        QVERIFY(message("a,b,0,t,axial,1\n").contains("row 1: label_value"));
        QVERIFY(message("a,b,x|2,t,axial,1\n").contains("label_value"));
        QVERIFY(message("a,b,1,t,oblique,1\n").contains("axis 'oblique'"));
        QVERIFY(message("a,b,1,t,axial,-3\n").contains("slice"));
        QVERIFY(message("a,b,1,,axial,1\n").contains("target"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseManifest("image,label\n", "/", "m.csv"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, readManifest("/nonexistent/m.csv"));
    }
    void shardsPartitionTheCases() {
        std::vector<ManifestCase> cases(10);
        for (int n = 0; n < 10; ++n) cases[static_cast<std::size_t>(n)].row = n + 1;
        std::vector<int> seen;
        for (int i = 0; i < 3; ++i)
            for (const auto& c : shardCases(cases, i, 3)) seen.push_back(c.row);
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen.size(), std::size_t(10));
        QCOMPARE(seen.front(), 1);
        QCOMPARE(seen.back(), 10);
        QCOMPARE(shardCases(cases, 1, 3).size(), std::size_t(3));
        QVERIFY((parseShard("2/4") == std::pair<int, int>{2, 4}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseShard("4/4"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseShard("1-4"));
        // Wrapped to 0/0 after a cast to int before.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseShard("0/4294967296"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseShard("0/99999999999999999999"));
    }
};

QTEST_APPLESS_MAIN(TestManifest)
#include "tst_Manifest.moc"
