#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/model/LayoutModel.h"
#include "ui/model/RecentFiles.h"

using namespace medsam::ui;

class TestLayoutModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maximiseTogglesBackToThePreviousLayout() {
        LayoutModel layout;
        QCOMPARE(layout.name(), QStringLiteral("2x2"));
        layout.setLayout(LayoutModel::Layout::OneByThree);
        QSignalSpy changed(&layout, &LayoutModel::changed);
        layout.toggleMaximise(LayoutModel::Coronal);
        QCOMPARE(layout.layout(), LayoutModel::Layout::Single);
        QCOMPARE(layout.name(), QStringLiteral("coronal"));
        QVERIFY(layout.isVisible(LayoutModel::Coronal));
        QVERIFY(!layout.isVisible(LayoutModel::Axial));
        layout.toggleMaximise(LayoutModel::ThreeD);  // another view: stays maximised, on that view
        QCOMPARE(layout.name(), QStringLiteral("3d"));
        layout.toggleMaximise(LayoutModel::ThreeD);
        QCOMPARE(layout.layout(), LayoutModel::Layout::OneByThree);
        QCOMPARE(changed.count(), 3);
        for (int v = 0; v < LayoutModel::ViewCount; ++v) QVERIFY(layout.isVisible(v));
    }

    void namesRoundTrip() {
        LayoutModel layout;
        for (const QString& name : LayoutModel::names()) {
            QVERIFY(layout.setFromName(name.toUpper()));
            QCOMPARE(layout.name(), name);
        }
        QVERIFY(!layout.setFromName(QStringLiteral("3x3")));
        QCOMPARE(layout.name(), QStringLiteral("3d"));  // unchanged by a bad name
    }

    void recentFilesAreOrderedDeduplicatedCappedAndPersist() {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings settings(ini, QSettings::IniFormat);
            RecentFiles recent(&settings, 3);
            for (const char* name : {"a.nii", "b.nii", "c.nii", "a.nii", "d.nii"})
                recent.add(dir.filePath(name));
            QCOMPARE(recent.paths(),
                     (QStringList{dir.filePath("d.nii"), dir.filePath("a.nii"), dir.filePath("c.nii")}));
            recent.remove(dir.filePath("a.nii"));
        }
        QSettings reopened(ini, QSettings::IniFormat);
        RecentFiles recent(&reopened, 3);
        QCOMPARE(recent.paths(), (QStringList{dir.filePath("d.nii"), dir.filePath("c.nii")}));
        recent.clear();
        QVERIFY(recent.paths().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLayoutModel)
#include "tst_LayoutModel.moc"
