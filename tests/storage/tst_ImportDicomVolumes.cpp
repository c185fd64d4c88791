// A DICOM folder whose one Series Instance UID holds two echoes: core/io splits it into two series, the
// project stores two images with that UID, and each must load back as itself (not the first echo twice).
#include <QTemporaryDir>
#include <QtTest>

#include "storage/db/Import.h"
#include "storage/util/ContentHash.h"
#include "tests/core/io/SyntheticDicom.h"

using namespace medsam;
using namespace medsam::storage;

class TestImportDicomVolumes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachEchoLoadsBackAsItself() {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("series")));
        for (int echo = 1; echo <= 2; ++echo) {
            for (int k = 0; k < 3; ++k) {
                test::FileSpec spec;
                spec.sop = "1.2.3.40." + std::to_string(echo) + "." + std::to_string(k);
                spec.positions = {test::along(2.0 * k)};
                spec.frameValues = {std::uint16_t(100 * echo + k)};
                spec.echo = std::to_string(echo);
                test::writeFile(dir.filePath(QString("series/e%1_%2.dcm").arg(echo).arg(k)).toStdString(),
                                spec);
            }
        }
        ProjectDb db = ProjectDb::create(dir.filePath("p.db").toStdString());
        const auto imported = importImages(db, {dir.filePath("series").toStdString()});
        QCOMPARE(imported.size(), std::size_t(2));
        const auto images = db.images();
        QCOMPARE(images.size(), std::size_t(2));
        QCOMPARE(images[0].seriesUid, images[1].seriesUid);
        QVERIFY(images[0].contentHash != images[1].contentHash);
        for (const auto& image : images) {
            const core::Volume v = loadProjectImage(image);
            QCOMPARE(contentHash(v.image), image.contentHash);
        }
    }
};

QTEST_GUILESS_MAIN(TestImportDicomVolumes)
#include "tst_ImportDicomVolumes.moc"
