#include "ui/widgets/AiPromptPanel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace medsam::ui {

AiPromptPanel::AiPromptPanel(AiPromptModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setObjectName(QStringLiteral("aiPromptPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* group = new QGroupBox(tr("AI prompt"), this);
    auto* layout = new QVBoxLayout(group);
    auto* help = new QLabel(tr("Drag a box, click inside (positive) or right-click outside (negative) the "
                               "structure on a slice view. The preview is drawn in yellow."),
                            group);
    help->setWordWrap(true);
    layout->addWidget(help);
    state_ = new QLabel(group);
    state_->setObjectName(QStringLiteral("aiState"));
    state_->setWordWrap(true);
    layout->addWidget(state_);
    auto* buttons = new QHBoxLayout;
    accept_ = new QPushButton(tr("Accept (Enter)"), group);
    reject_ = new QPushButton(tr("Reject (Esc)"), group);
    buttons->addWidget(accept_);
    buttons->addWidget(reject_);
    layout->addLayout(buttons);
    outer->addWidget(group);
    connect(accept_, &QPushButton::clicked, model_, &AiPromptModel::accept);
    connect(reject_, &QPushButton::clicked, model_, &AiPromptModel::reject);
    connect(model_, &AiPromptModel::previewChanged, this, &AiPromptPanel::sync);
    connect(model_, &AiPromptModel::answered, this, &AiPromptPanel::sync);
    sync();
}

void AiPromptPanel::sync() {
    const auto& prompts = model_->prompts();
    const int count = int(prompts.points.size()) + (prompts.box ? 1 : 0);
    QString text = tr("Tool: %1").arg(model_->toolName());
    if (model_->active())
        text += QLatin1Char('\n') +
                tr("%n prompt(s) on slice %1", nullptr, count)
                    .arg(QString::fromStdString(model_->slice()->toString())) +
                (model_->busy() ? tr(", segmenting...") : QString());
    state_->setText(text);
    accept_->setEnabled(model_->preview() != nullptr);
    reject_->setEnabled(model_->active());
}

}  // namespace medsam::ui
