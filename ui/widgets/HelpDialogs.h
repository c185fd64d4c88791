#pragma once

#include <QDialog>

class QTableWidget;
class QLabel;

namespace medsam::ui {

class ShortcutRegistry;

// Settings > Keyboard shortcuts (editable: a key per action, a conflict within one scope is refused and
// named) and Help > Keyboard shortcuts (the same table, read-only).
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(ShortcutRegistry* registry, bool editable, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }
    QString lastMessage() const;

private:
    void fill();
    ShortcutRegistry* registry_;
    bool editable_;
    QTableWidget* table_;
    QLabel* message_;
};

// Help > About: version, what the program does, and the libraries it runs on with their licences.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

}  // namespace medsam::ui
