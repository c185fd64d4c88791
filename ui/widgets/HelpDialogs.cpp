#include "ui/widgets/HelpDialogs.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/io/LibraryVersions.h"
#include "storage/sqlite/Sqlite.h"
#include "ui/model/ShortcutRegistry.h"
#include "ui/view3d/View3DWidget.h"

namespace medsam::ui {

namespace {
QString scopeText(const QString& scope) {
    return scope == QLatin1String("sessions") ? ShortcutsDialog::tr("Sessions panel (when it has the focus)")
                                              : ShortcutsDialog::tr("Main window");
}
}  // namespace

ShortcutsDialog::ShortcutsDialog(ShortcutRegistry* registry, bool editable, QWidget* parent)
    : QDialog(parent), registry_(registry), editable_(editable) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    if (editable_) {
        layout->addWidget(
            new QLabel(tr("Click a shortcut and press the new keys; Backspace clears it. Changes "
                          "apply at once."),
                       this));
    }
    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("shortcutsTable"));
    table_->setColumnCount(editable_ ? 4 : 3);
    QStringList headers{tr("Action"), tr("Where"), tr("Shortcut")};
    if (editable_) headers << QString();
    table_->setHorizontalHeaderLabels(headers);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(table_, 1);
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("shortcutsMessage"));
    message_->setWordWrap(true);
    layout->addWidget(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    if (editable_) {
        QPushButton* resetAll = buttons->addButton(tr("Restore all defaults"), QDialogButtonBox::ResetRole);
        connect(resetAll, &QPushButton::clicked, this, [this] {
            registry_->resetAll();
            fill();
        });
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    fill();
    resize(680, 640);
}

QString ShortcutsDialog::lastMessage() const {
    return message_->text();
}

void ShortcutsDialog::fill() {
    const auto& entries = registry_->entries();
    table_->setRowCount(static_cast<int>(entries.size()));
    for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
        const auto& e = entries[static_cast<std::size_t>(row)];
        table_->setItem(row, 0, new QTableWidgetItem(e.text));
        table_->setItem(row, 1, new QTableWidgetItem(scopeText(e.scope)));
        const QKeySequence key = registry_->key(e.id);
        if (!editable_) {
            table_->setItem(row, 2, new QTableWidgetItem(key.toString(QKeySequence::NativeText)));
            continue;
        }
        auto* edit = new QKeySequenceEdit(key, table_);
        edit->setObjectName(QStringLiteral("shortcut_") + e.id);
        const QString id = e.id;
        connect(edit, &QKeySequenceEdit::editingFinished, this, [this, edit, id] {
            // One key, not a chord: what was pressed first.
            const QKeySequence pressed =
                edit->keySequence().isEmpty() ? QKeySequence() : QKeySequence(edit->keySequence()[0]);
            const QString clash = registry_->setKey(id, pressed);
            if (!clash.isEmpty()) {
                message_->setText(
                    tr("%1 is already the shortcut of \"%2\"; choose another key or change that one first.")
                        .arg(pressed.toString(QKeySequence::NativeText), registry_->entry(clash)->text));
                const QSignalBlocker block(edit);
                edit->setKeySequence(registry_->key(id));
                return;
            }
            message_->setText(tr("\"%1\" is now %2.")
                                  .arg(registry_->entry(id)->text,
                                       pressed.isEmpty() ? tr("without a shortcut")
                                                         : pressed.toString(QKeySequence::NativeText)));
            const QSignalBlocker block(edit);
            edit->setKeySequence(pressed);
        });
        table_->setCellWidget(row, 2, edit);
        auto* reset = new QPushButton(tr("Default"), table_);
        connect(reset, &QPushButton::clicked, this, [this, id, edit] {
            registry_->reset(id);
            const QSignalBlocker block(edit);
            edit->setKeySequence(registry_->key(id));
        });
        table_->setCellWidget(row, 3, reset);
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About MedSAM Agent Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    layout->addWidget(icon);
    auto* text = new QLabel(
        tr("<h3>MedSAM Agent Studio %1</h3><p>Interactive segmentation of medical images by an AI agent and "
           "by "
           "people, reviewed, corrected and curated into training data (after arXiv 2602.03320, "
           "MedSAM-Agent).</p><p>Not a medical device: for research and dataset curation only.</p>")
            .arg(QApplication::applicationVersion()),
        this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setWordWrap(true);
    layout->addWidget(text);

    std::vector<core::LibraryVersion> libraries = {
        {"Qt", qVersion(), "LGPL-3.0-only"},
        {"VTK", View3DWidget::vtkVersionText().toStdString(), "BSD-3-Clause"},
        {"SQLite", storage::sql::sqliteVersion(), "blessing (public domain)"}};
    for (auto& l : core::coreLibraryVersions()) libraries.push_back(l);
    libraries.push_back({"nlohmann/json", "3", "MIT"});
    libraries.push_back({"LibTorch", tr("loaded on first use of a model").toStdString(), "BSD-3-Clause"});
    auto* table = new QTableWidget(static_cast<int>(libraries.size()), 3, this);
    table->setObjectName(QStringLiteral("aboutLibraries"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Licence")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < static_cast<int>(libraries.size()); ++r) {
        const auto& l = libraries[static_cast<std::size_t>(r)];
        table->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(l.name)));
        table->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(l.version)));
        table->setItem(r, 2, new QTableWidgetItem(QString::fromStdString(l.licence)));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 520);
}

}  // namespace medsam::ui
