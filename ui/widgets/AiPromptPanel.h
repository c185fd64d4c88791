#pragma once

#include <QWidget>

#include "ui/model/AiPromptModel.h"

class QLabel;
class QPushButton;

namespace medsam::ui {

// The AI prompt tool's panel, bound to AiPromptModel: which segmenter answers, the exchange's state (prompts
// so far, waiting), Accept (Enter) and Reject (Esc).
class AiPromptPanel : public QWidget {
    Q_OBJECT
public:
    explicit AiPromptPanel(AiPromptModel* model, QWidget* parent = nullptr);

private:
    void sync();
    AiPromptModel* model_;
    QLabel* state_;
    QPushButton* accept_;
    QPushButton* reject_;
};

}  // namespace medsam::ui
