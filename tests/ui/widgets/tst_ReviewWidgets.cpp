#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/db/ProjectDb.h"
#include "storage/db/ProjectStats.h"
#include "storage/util/Sha256.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/UiTestUtil.h"
#include "ui/widgets/ExportDialog.h"
#include "ui/widgets/HelpDialogs.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/ProjectOverviewDialog.h"
#include "ui/widgets/SessionsPanel.h"
#include "ui/widgets/SliceViewWidget.h"

using namespace medsam;

namespace {

bool waitSettled(ui::MainWindow& window) {
    return test::waitUntil([&] { return window.isSettled(); });
}

void saveArtifact(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("MEDSAM_TEST_ARTIFACTS");
    if (!dir.isEmpty()) widget.grab().save(dir + QLatin1Char('/') + name);
}

}  // namespace

// The review workflow through the real widgets (offscreen): the sessions panel's keys, customised shortcuts,
// the export dialog end to end with the manifest's checksums, the overview and About.
class TestReviewWidgets : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<ui::StudioModel> studio_;
    std::unique_ptr<ui::MainWindow> window_;
    QString project_;

private Q_SLOTS:
    void init() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        static int n = 0;
        project_ = dir_.filePath(QStringLiteral("p%1.db").arg(++n));
        test::projectWithT1Sessions(project_, t1, 4);
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("s%1.ini").arg(n)),
                                                QSettings::IniFormat);
        studio_ = std::make_unique<ui::StudioModel>(settings_.get());
        window_ = std::make_unique<ui::MainWindow>(studio_.get());
        window_->setInteractive(false);
        window_->resize(1400, 950);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        studio_->openProject(project_);
        QVERIFY(waitSettled(*window_));
        QVERIFY(window_->sessionsDock()->isVisible());  // shown once a project with sessions opens
    }
    void cleanup() {
        window_.reset();
        studio_.reset();
    }

    // With the focus in the sessions table A/R/C/N review; elsewhere A is the AI tool.
    void reviewKeysActInTheSessionsTable() {
        qputenv("USER", "vera");
        QTableView* table = window_->sessionsPanel()->table();
        QCOMPARE(table->model()->rowCount(), 4);
        table->setFocus();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(table->model()->index(0, 1)).center());
        QVERIFY(waitSettled(*window_));
        QCOMPARE(window_->review()->selected().value(), storage::Id(4));
        // The timeline lists the steps and follows the replay; a click on a row goes to that step.
        auto* timeline = window_->findChild<QListWidget*>(QStringLiteral("replayTimeline"));
        QCOMPARE(timeline->count(), 3);
        QCOMPARE(timeline->currentRow(), 0);
        window_->review()->replay()->last();
        QCOMPARE(timeline->currentRow(), 2);
        timeline->setCurrentRow(1);
        QCOMPARE(window_->review()->replay()->current(), 1);
        window_->findChild<QLineEdit*>(QStringLiteral("reviewComment"))
            ->setText(QStringLiteral("crisp edge"));
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(window_->review()->selected().value(), storage::Id(3));  // approved and moved on
        QTest::keyClick(table, Qt::Key_N);
        QCOMPARE(window_->review()->selected().value(), storage::Id(2));
        QTest::keyClick(table, Qt::Key_R);
        QCOMPARE(window_->review()->selected().value(), storage::Id(1));
        QTest::keyClick(table, Qt::Key_P);
        QCOMPARE(window_->review()->selected().value(), storage::Id(2));
        // None of these keys reached the window's tool shortcuts (A = AI tool, N = navigate, P = polygon).
        QVERIFY(studio_->brush()->tool() == ui::PaintbrushModel::Tool::Navigate);
        QTest::keyClick(table, Qt::Key_C);
        QVERIFY(window_->review()->correcting());
        QVERIFY(studio_->brush()->tool() == ui::PaintbrushModel::Tool::Brush);
        saveArtifact(*window_, QStringLiteral("review-correcting.png"));

        // Outside the panel, A is the AI prompt tool again.
        ui::SliceViewWidget* view = window_->sliceView(core::AnatomicalPlane::Axial);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_A);
        QVERIFY(studio_->brush()->tool() == ui::PaintbrushModel::Tool::AiPrompt);

        storage::ProjectDb db(project_.toStdString());
        QVERIFY(db.session(4)->status == storage::ReviewStatus::Approved);
        QCOMPARE(db.reviews(4).back().comment, std::string("crisp edge"));
        QCOMPARE(db.reviews(4).back().reviewer, std::string("vera"));
        QVERIFY(db.session(3)->status == storage::ReviewStatus::NotStarted);
        QVERIFY(db.session(2)->status == storage::ReviewStatus::Flagged);
        QVERIFY(db.session(1)->status == storage::ReviewStatus::NotStarted);
        // 2 was rejected, then marked for correction: both are in its history.
        QCOMPARE(db.reviews(2).size(), std::size_t(2));
        QVERIFY(db.reviews(2).front().status == storage::ReviewStatus::Rejected);
    }

    // The Dice and reviewer filters narrow the table (every session here ends at Dice 0.52).
    void diceAndReviewerFiltersNarrowTheTable() {
        QTableView* table = window_->sessionsPanel()->table();
        auto* minDice = window_->findChild<QDoubleSpinBox*>(QStringLiteral("minDiceFilter"));
        minDice->setValue(0.52);
        QCOMPARE(table->model()->rowCount(), 4);
        minDice->setValue(0.55);
        QCOMPARE(table->model()->rowCount(), 0);
        minDice->setValue(0.0);
        window_->review()->selectSession(2);
        QVERIFY(waitSettled(*window_));
        qputenv("USER", "olga");
        window_->review()->reject();
        auto* reviewer = window_->findChild<QComboBox*>(QStringLiteral("reviewerFilter"));
        QCOMPARE(reviewer->findData(QStringLiteral("olga")), 1);
        reviewer->setCurrentIndex(1);
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(window_->review()->browser()->rowAt(0)->id, storage::Id(2));
    }

    // A changed key applies at once, survives a restart, and a clash within a scope is refused.
    void shortcutsAreCustomisable() {
        ui::ShortcutRegistry* keys = window_->shortcuts();
        QAction* brush = nullptr;
        for (QAction* a : window_->findChildren<QAction*>()) {
            if (a->text() == ui::MainWindow::tr("&Brush")) brush = a;
        }
        QVERIFY(brush);
        QCOMPARE(brush->shortcut(), QKeySequence(Qt::Key_B));
        QCOMPARE(keys->setKey(QStringLiteral("tool.brush"), QKeySequence(Qt::Key_G)), QString());
        QCOMPARE(brush->shortcut(), QKeySequence(Qt::Key_G));
        QCOMPARE(keys->setKey(QStringLiteral("tool.eraser"), QKeySequence(Qt::Key_G)),
                 QStringLiteral("tool.brush"));
        QCOMPARE(keys->key(QStringLiteral("tool.eraser")), QKeySequence(Qt::Key_E));
        // The sessions panel is another scope: G is free there.
        QCOMPARE(keys->setKey(QStringLiteral("review.next"), QKeySequence(Qt::Key_G)), QString());
        window_.reset();
        window_ = std::make_unique<ui::MainWindow>(studio_.get());
        QCOMPARE(window_->shortcuts()->key(QStringLiteral("tool.brush")), QKeySequence(Qt::Key_G));
        QCOMPARE(window_->shortcuts()->key(QStringLiteral("review.next")), QKeySequence(Qt::Key_G));
        // Help > Keyboard shortcuts lists every entry.
        ui::ShortcutsDialog help(window_->shortcuts(), false);
        QCOMPARE(help.table()->rowCount(), static_cast<int>(window_->shortcuts()->entries().size()));
        QVERIFY(help.table()->rowCount() >= 35);
        window_->shortcuts()->resetAll();
        QCOMPARE(window_->shortcuts()->key(QStringLiteral("tool.brush")), QKeySequence(Qt::Key_B));
    }

    // Approve two sessions, export through the dialog, verify the manifest's checksums and the summary.
    void exportDialogEndToEnd() {
        window_->review()->selectSession(1);
        QVERIFY(waitSettled(*window_));
        window_->review()->approve();
        window_->review()->selectSession(3);
        QVERIFY(waitSettled(*window_));
        window_->review()->approve();
        ui::ExportModel* model = window_->exportModel();
        model->setProjectPath(studio_->projectPath());
        ui::ExportDialog dialog(model);
        const QString out = dir_.filePath(QStringLiteral("export"));
        dialog.findChild<QLineEdit*>(QStringLiteral("exportFolder"))->setText(out);
        QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("exportApproved"))->isChecked());  // the default
        QVERIFY(!dialog.findChild<QCheckBox*>(QStringLiteral("exportNotReviewed"))->isChecked());
        QSignalSpy finished(model, &ui::ExportModel::finished);
        dialog.findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.at(0).at(0).toBool());
        const QString summary =
            dialog.findChild<QPlainTextEdit*>(QStringLiteral("exportSummary"))->toPlainText();
        QVERIFY2(summary.contains(QStringLiteral("2 session")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("manifest.json")), qPrintable(summary));
        QCOMPARE(model->report().sessions, 2);
        QCOMPARE(model->report().sftRecords, 2);
        saveArtifact(dialog, QStringLiteral("export-dialog.png"));

        QFile manifestFile(out + QStringLiteral("/manifest.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
        const QJsonArray files = manifest.value(QStringLiteral("files")).toArray();
        QVERIFY(files.size() >= 4);
        for (const auto& f : files) {
            const QJsonObject entry = f.toObject();
            const QString path = out + QLatin1Char('/') + entry.value(QStringLiteral("path")).toString();
            QCOMPARE(QString::fromStdString(storage::sha256File(path.toStdString())),
                     entry.value(QStringLiteral("sha256")).toString());
        }
        QCOMPARE(
            manifest.value(QStringLiteral("counts")).toObject().value(QStringLiteral("sessions")).toInt(), 2);

        // Nothing chosen is refused with a reason, and no export starts.
        dialog.findChild<QCheckBox*>(QStringLiteral("exportApproved"))->setChecked(false);
        dialog.findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
        QVERIFY(!model->running());
        QVERIFY(dialog.findChild<QPlainTextEdit*>(QStringLiteral("exportSummary"))
                    ->toPlainText()
                    .contains(ui::ExportModel::tr("choose at least one review status")));
    }

    void overviewAndAboutTellTheFacts() {
        storage::ProjectDb db(project_.toStdString());
        ui::ProjectOverviewDialog overview(storage::projectStats(db));
        overview.resize(900, 700);
        const auto* headline = overview.findChild<QLabel*>(QStringLiteral("overviewHeadline"));
        QCOMPARE(
            headline->text(),
            ui::ProjectOverviewDialog::tr("%1 image(s), %2 label(s), %3 session(s)").arg(1).arg(1).arg(4));
        const auto* dice = overview.findChild<QTableWidget*>(QStringLiteral("overviewDice"));
        QCOMPARE(dice->rowCount(), 1);
        QCOMPARE(dice->item(0, 0)->text(), QStringLiteral("brain"));
        saveArtifact(overview, QStringLiteral("overview.png"));

        ui::AboutDialog about;
        const auto* libraries = about.findChild<QTableWidget*>(QStringLiteral("aboutLibraries"));
        QStringList names;
        for (int r = 0; r < libraries->rowCount(); ++r) {
            names << libraries->item(r, 0)->text();
            QVERIFY(!libraries->item(r, 1)->text().isEmpty());
            QVERIFY(!libraries->item(r, 2)->text().isEmpty());
        }
        for (const char* name : {"Qt", "VTK", "ITK", "DCMTK", "SQLite", "LibTorch"})
            QVERIFY2(names.contains(QString::fromLatin1(name)), name);
    }
};

QTEST_MAIN(TestReviewWidgets)
#include "tst_ReviewWidgets.moc"
