// skipPrivateDicomDictionary: a DCMDICTPATH the user set wins; otherwise DCMTK loads its default dictionaries
// without private.dic, still has the standard one, and implicit-VR files (which need the dictionary for their
// VRs) decode exactly as their explicit-VR twin.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dctagkey.h>

#include <QtTest>
#include <cstdlib>
#include <string>

#include "core/io/DicomDictionary.h"
#include "core/io/VolumeIo.h"
#include "tests/support/TestData.h"

using namespace medsam::core;
using medsam::test::dataPath;

class TestDicomDictionary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void userPathIsKept() {
        setenv(DCM_DICT_ENVIRONMENT_VARIABLE, "/somewhere/my.dic", 1);
        QVERIFY(!skipPrivateDicomDictionary());
        QCOMPARE(std::string(std::getenv(DCM_DICT_ENVIRONMENT_VARIABLE)), std::string("/somewhere/my.dic"));
        unsetenv(DCM_DICT_ENVIRONMENT_VARIABLE);
    }

    // Control for the check below: the lookup finds the CSA tag in Debian's private.dic itself.
    void privateDictionaryDefinesTheCsaTag() {
        const std::string defaults = DCM_DICT_DEFAULT_PATH;
        const auto end = defaults.find("private.dic");
        QVERIFY2(end != std::string::npos, defaults.c_str());
        const std::string privateDic = defaults.substr(0, end + 11).substr(defaults.rfind(':', end) + 1);
        DcmDataDictionary own(OFFalse, OFFalse);
        QVERIFY(own.loadDictionary(privateDic.c_str()));
        QVERIFY(own.findEntry(DcmTagKey(0x0029, 0x1010), "SIEMENS CSA HEADER") != nullptr);
    }

    // Last: DCMTK loads its dictionary once per process.
    void privateDictionaryIsSkipped() {
        unsetenv(DCM_DICT_ENVIRONMENT_VARIABLE);
        QVERIFY(skipPrivateDicomDictionary());
        const std::string path = std::getenv(DCM_DICT_ENVIRONMENT_VARIABLE);
        QVERIFY2(path.find("dicom.dic") != std::string::npos, path.c_str());
        QVERIFY2(path.find("private.dic") == std::string::npos, path.c_str());

        const QString explicitVr = dataPath("pydicom/test_files/MR_small.dcm");
        const QString implicitVr = dataPath("pydicom/test_files/MR_small_implicit.dcm");
        MEDSAM_REQUIRE_DATA(explicitVr);
        MEDSAM_REQUIRE_DATA(implicitVr);
        const Volume a = readVolume(explicitVr.toStdString());
        const Volume b = readVolume(implicitVr.toStdString());
        QVERIFY(a.image.geometry().sameGrid(b.image.geometry()));
        QVERIFY(a.image.voxels() == b.image.voxels());

        const DcmDataDictionary& dict = dcmDataDict.rdlock();
        const int standard = dict.numberOfNormalTagEntries();
        const DcmDictEntry* rows = dict.findEntry(DcmTagKey(0x0028, 0x0010), nullptr);
        // A Siemens CSA header tag, defined in private.dic only.
        const DcmDictEntry* csa = dict.findEntry(DcmTagKey(0x0029, 0x1010), "SIEMENS CSA HEADER");
        dcmDataDict.rdunlock();
        QVERIFY2(standard > 1000, qPrintable(QString::number(standard)));
        QVERIFY(rows != nullptr);
        QVERIFY(csa == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestDicomDictionary)
#include "tst_DicomDictionary.moc"
