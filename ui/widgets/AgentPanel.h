#pragma once

#include <QWidget>

#include "ui/model/AgentPanelModel.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace medsam::ui {

// The agent panel, bound to AgentPanelModel: policy and its server, turns, target text, reference label
// values, Run / Pause / Step / Stop, the state and the live timeline of steps.
class AgentPanel : public QWidget {
    Q_OBJECT
public:
    explicit AgentPanel(AgentPanelModel* model, QWidget* parent = nullptr);

private:
    void applySettings();
    void sync();

    AgentPanelModel* model_;
    QComboBox* policy_;
    QLineEdit* server_;
    QLineEdit* modelName_;
    QSpinBox* turns_;
    QLineEdit* apiKey_;
    QCheckBox* rememberKey_;
    QLabel* keyStatus_;
    QSpinBox* timeout_;
    QSpinBox* retries_;
    QLineEdit* target_;
    QLineEdit* reference_;
    QPushButton* run_;
    QPushButton* pause_;
    QPushButton* step_;
    QPushButton* stop_;
    QLabel* state_;
    QTableView* timeline_;
};

}  // namespace medsam::ui
