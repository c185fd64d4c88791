#include "ui/widgets/AgentPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <initializer_list>

#include "core/trajectory/Trajectory.h"
#include "ui/model/SessionBrowserModel.h"

namespace medsam::ui {

AgentPanel::AgentPanel(AgentPanelModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setObjectName(QStringLiteral("agentPanel"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    policy_ = new QComboBox(this);
    policy_->setObjectName(QStringLiteral("agentPolicy"));
    for (const QString& policy : AgentPanelModel::policies())
        policy_->addItem(AgentPanelModel::policyTitle(policy), policy);  // shown translated, kept as the key
    policy_->setCurrentIndex(std::max(0, policy_->findData(QString::fromStdString(model_->spec().policy))));
    form->addRow(tr("Policy"), policy_);
    server_ = new QLineEdit(this);
    server_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/v1"));
    form->addRow(tr("MLLM server"), server_);
    modelName_ = new QLineEdit(this);
    modelName_->setPlaceholderText(tr("served model name"));
    form->addRow(tr("MLLM model"), modelName_);
    apiKey_ = new QLineEdit(this);
    apiKey_->setObjectName(QStringLiteral("agentApiKey"));
    apiKey_->setEchoMode(QLineEdit::Password);
    apiKey_->setPlaceholderText(tr("from $MEDSAM_API_KEY or the desktop keychain"));
    rememberKey_ = new QCheckBox(tr("Remember in the keychain"), this);
    rememberKey_->setObjectName(QStringLiteral("agentRememberKey"));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(apiKey_, 1);
    keyRow->addWidget(rememberKey_);
    form->addRow(tr("API key"), keyRow);
    keyStatus_ = new QLabel(this);
    keyStatus_->setObjectName(QStringLiteral("agentKeyStatus"));
    keyStatus_->setWordWrap(true);
    form->addRow(QString(), keyStatus_);
    connect(model_->apiKeys(), &ApiKeyStore::changed, keyStatus_,
            [this] { keyStatus_->setText(model_->apiKeys()->status()); });
    connect(apiKey_, &QLineEdit::editingFinished, this, [this] {
        if (apiKey_->text().isEmpty()) return;
        model_->apiKeys()->setKey(apiKey_->text(), rememberKey_->isChecked());
        apiKey_->clear();  // the widget keeps no copy
    });
    model_->apiKeys()->load();
    timeout_ = new QSpinBox(this);
    timeout_->setObjectName(QStringLiteral("agentTimeout"));
    timeout_->setRange(AgentPanelModel::kMinTimeoutSeconds, AgentPanelModel::kMaxTimeoutSeconds);
    timeout_->setSuffix(tr(" s"));
    timeout_->setValue(model_->timeoutSeconds());
    timeout_->setToolTip(
        tr("Seconds the MLLM server has for one request attempt (the command line's --timeout)"));
    form->addRow(tr("MLLM timeout"), timeout_);
    retries_ = new QSpinBox(this);
    retries_->setObjectName(QStringLiteral("agentRetries"));
    retries_->setRange(0, AgentPanelModel::kMaxRetries);
    retries_->setValue(model_->retries());
    retries_->setToolTip(
        tr("Extra attempts after a connection error, a timeout or a server error (--retries)"));
    form->addRow(tr("MLLM retries"), retries_);
    turns_ = new QSpinBox(this);
    turns_->setRange(1, 20);
    turns_->setValue(model_->maxTurns());
    form->addRow(tr("Agent turns"), turns_);
    target_ = new QLineEdit(this);
    target_->setPlaceholderText(tr("default: the active label's target text"));
    form->addRow(tr("Target"), target_);
    reference_ = new QLineEdit(this);
    reference_->setPlaceholderText(tr("label values, e.g. 5,6 (Dice per step; the expert)"));
    form->addRow(tr("Reference"), reference_);
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("Run"), this);
    pause_ = new QPushButton(tr("Pause"), this);
    step_ = new QPushButton(tr("Step"), this);
    stop_ = new QPushButton(tr("Stop"), this);
    for (auto* b : {run_, pause_, step_, stop_}) buttons->addWidget(b);
    layout->addLayout(buttons);
    state_ = new QLabel(this);
    state_->setObjectName(QStringLiteral("agentState"));
    state_->setWordWrap(true);
    layout->addWidget(state_);
    timeline_ = new QTableView(this);
    timeline_->setObjectName(QStringLiteral("agentTimeline"));
    timeline_->setModel(model_->timeline());
    timeline_->verticalHeader()->hide();
    timeline_->horizontalHeader()->setStretchLastSection(true);
    timeline_->setIconSize(QSize(AgentTimelineModel::kThumbnailSize, AgentTimelineModel::kThumbnailSize));
    timeline_->verticalHeader()->setDefaultSectionSize(AgentTimelineModel::kThumbnailSize + 4);
    layout->addWidget(timeline_, 1);

    connect(run_, &QPushButton::clicked, this, [this] {
        applySettings();
        model_->run();
    });
    connect(pause_, &QPushButton::clicked, this, [this] {
        if (model_->state() == AgentPanelModel::State::Paused)
            model_->resume();
        else
            model_->pause();
    });
    connect(step_, &QPushButton::clicked, model_, &AgentPanelModel::stepOnce);
    connect(stop_, &QPushButton::clicked, model_, &AgentPanelModel::stop);
    connect(model_, &AgentPanelModel::stateChanged, this, &AgentPanel::sync);
    connect(model_, &AgentPanelModel::errorOccurred, state_,
            [this](const QString& message) { state_->setText(tr("Error: %1").arg(message)); });
    connect(model_->timeline(), &QAbstractItemModel::rowsInserted, timeline_, [this] {
        timeline_->resizeColumnsToContents();
        timeline_->scrollToBottom();
    });
    // The MLLM settings apply to the MLLM policy only: greyed out for the others, so a person does not think
    // the learned policy needs a server.
    const auto enableServerSettings = [this] {
        const bool on = AgentPanelModel::usesServer(policy_->currentData().toString());
        for (QWidget* w :
             std::initializer_list<QWidget*>{server_, modelName_, apiKey_, rememberKey_, timeout_, retries_})
            w->setEnabled(on);
    };
    connect(policy_, &QComboBox::currentIndexChanged, this, enableServerSettings);
    enableServerSettings();
    sync();
}

void AgentPanel::applySettings() {
    agent::AgentSpec& spec = model_->spec();
    spec.policy = policy_->currentData().toString().toStdString();
    spec.server = server_->text().trimmed().toStdString();
    spec.model = modelName_->text().trimmed().toStdString();
    model_->setTimeoutSeconds(timeout_->value());
    model_->setRetries(retries_->value());
    model_->setMaxTurns(turns_->value());
    model_->setTarget(target_->text().trimmed());
    std::vector<std::uint16_t> values;
    for (const QString& part :
         reference_->text().split(QRegularExpression(QStringLiteral("[,;| ]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const uint v = part.toUInt(&ok);
        if (ok && v > 0 && v < 65536) values.push_back(static_cast<std::uint16_t>(v));
    }
    model_->setReferenceValues(values);
}

void AgentPanel::sync() {
    using State = AgentPanelModel::State;
    const State s = model_->state();
    run_->setEnabled(s == State::Idle || s == State::Finished);
    pause_->setEnabled(s == State::Running || s == State::Paused);
    pause_->setText(s == State::Paused ? tr("Resume") : tr("Pause"));
    step_->setEnabled(s == State::Paused);
    stop_->setEnabled(s == State::Running || s == State::Paused);
    switch (s) {
        case State::Idle:
            state_->setText(tr("Give a box or a click with the AI prompt tool, then Run."));
            break;
        case State::Running:
            state_->setText(tr("Running: the agent acts; you can scroll, pause or stop."));
            break;
        case State::Paused:
            state_->setText(tr("Paused: your prompts join the trajectory; Resume hands back to the agent."));
            break;
        case State::Finished: {
            const auto outcome = core::parseOutcome(model_->outcome().toStdString());
            state_->setText(
                tr("Finished (%1). Accept (Enter) or Reject (Esc) the result, or prompt on.")
                    .arg(outcome ? SessionBrowserModel::outcomeText(*outcome) : model_->outcome()));
            break;
        }
    }
}

}  // namespace medsam::ui
