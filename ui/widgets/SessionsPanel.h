#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QToolButton;
class QDoubleSpinBox;

namespace medsam::ui {

class ReviewModel;
class ShortcutRegistry;

// The sessions browser with replay and review, bound to ReviewModel: filters and a text search over the
// project's sessions, the lazy table, the replay controls with the step's raw model text, and the review
// buttons. With the focus in the panel, A / R / C review and N / P move to the next / previous session
// (the panel takes these keys before the window's tool shortcuts; the keys follow Settings > Shortcuts).
class SessionsPanel : public QWidget {
    Q_OBJECT
public:
    SessionsPanel(ReviewModel* model, ShortcutRegistry* shortcuts, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyFilters();
    void refillChoices();
    void updateCounts();
    void updateStep();
    void fillTimeline();
    void updateButtons();
    void selectCurrentRow();

    ReviewModel* model_;
    ShortcutRegistry* shortcuts_;
    QLineEdit* search_;
    QComboBox* status_;
    QComboBox* label_;
    QComboBox* actor_;
    QComboBox* policy_;
    QComboBox* tool_;
    QComboBox* outcome_;
    QComboBox* reviewer_;
    QDoubleSpinBox* minDice_;
    QLabel* counts_;
    QTableView* table_;
    QToolButton *first_, *previous_, *play_, *next_, *last_;
    QDoubleSpinBox* speed_;
    QLabel* step_;
    QListWidget* timeline_;
    QPlainTextEdit* rawText_;
    QLineEdit* comment_;
    QPushButton *approve_, *reject_, *correct_, *save_, *cancel_;
};

}  // namespace medsam::ui
