#include "ui/widgets/SessionsPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "resources/Resources.h"
#include "ui/model/ReviewModel.h"
#include "ui/model/ShortcutRegistry.h"

namespace medsam::ui {

namespace {

QComboBox* filterCombo(const QString& objectName, const QString& any, QWidget* parent) {
    auto* combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->addItem(any);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    return combo;
}

QToolButton* replayButton(const QString& objectName, const QString& icon, const QString& tip,
                          QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setIcon(resources::icon(icon));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

}  // namespace

SessionsPanel::SessionsPanel(ReviewModel* model, ShortcutRegistry* shortcuts, QWidget* parent)
    : QWidget(parent), model_(model), shortcuts_(shortcuts) {
    setObjectName(QStringLiteral("sessionsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    // Filters: each narrows; the query runs in SQLite.
    auto* filters = new QHBoxLayout;
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("sessionSearch"));
    search_->setPlaceholderText(tr("Search image, label, target, people, comments..."));
    search_->setClearButtonEnabled(true);
    filters->addWidget(search_, 2);
    status_ = filterCombo(QStringLiteral("statusFilter"), tr("Any review status"), this);
    for (auto s :
         {storage::ReviewStatus::NotStarted, storage::ReviewStatus::Approved, storage::ReviewStatus::Rejected,
          storage::ReviewStatus::Flagged, storage::ReviewStatus::Completed}) {
        status_->addItem(SessionBrowserModel::statusText(s), static_cast<int>(s));
    }
    label_ = filterCombo(QStringLiteral("labelFilter"), tr("Any label"), this);
    actor_ = filterCombo(QStringLiteral("actorFilter"), tr("Any actor"), this);
    actor_->addItem(tr("agent"), QStringLiteral("agent"));
    actor_->addItem(tr("person"), QStringLiteral("person"));
    actor_->addItem(tr("expert"), QStringLiteral("expert"));
    policy_ = filterCombo(QStringLiteral("policyFilter"), tr("Any policy"), this);
    tool_ = filterCombo(QStringLiteral("toolFilter"), tr("Any tool"), this);
    outcome_ = filterCombo(QStringLiteral("outcomeFilter"), tr("Any outcome"), this);
    for (auto o : {core::Outcome::Stopped, core::Outcome::TurnLimit, core::Outcome::FormatError,
                   core::Outcome::Cancelled, core::Outcome::Error, core::Outcome::Interrupted,
                   core::Outcome::Running}) {
        outcome_->addItem(SessionBrowserModel::outcomeText(o), QString::fromStdString(core::toString(o)));
    }
    reviewer_ = filterCombo(QStringLiteral("reviewerFilter"), tr("Any reviewer"), this);
    for (QComboBox* combo : {status_, label_, actor_, policy_, tool_, outcome_, reviewer_}) {
        filters->addWidget(combo);
        connect(combo, &QComboBox::currentIndexChanged, this, &SessionsPanel::applyFilters);
    }
    minDice_ = new QDoubleSpinBox(this);
    minDice_->setObjectName(QStringLiteral("minDiceFilter"));
    minDice_->setRange(0.0, 1.0);
    minDice_->setSingleStep(0.05);
    minDice_->setDecimals(2);
    minDice_->setPrefix(tr("Dice ≥ "));
    minDice_->setSpecialValueText(tr("Any Dice"));  // shown at 0: no Dice filter
    minDice_->setToolTip(tr("Only sessions whose final Dice is at least this (sessions with a reference)"));
    connect(minDice_, &QDoubleSpinBox::valueChanged, this, &SessionsPanel::applyFilters);
    filters->addWidget(minDice_);
    connect(search_, &QLineEdit::textChanged, this, &SessionsPanel::applyFilters);
    layout->addLayout(filters);
    counts_ = new QLabel(this);
    counts_->setObjectName(QStringLiteral("sessionCounts"));
    layout->addWidget(counts_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    table_ = new QTableView(splitter);
    table_->setObjectName(QStringLiteral("sessionsTable"));
    table_->setModel(model_->browser());
    table_->setSortingEnabled(true);
    table_->sortByColumn(SessionBrowserModel::Id, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->installEventFilter(this);
    splitter->addWidget(table_);

    // Replay and review of the selected session.
    auto* side = new QWidget(splitter);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto* replayRow = new QHBoxLayout;
    first_ =
        replayButton(QStringLiteral("replayFirst"), QStringLiteral("replay-first"), tr("First step"), side);
    previous_ = replayButton(QStringLiteral("replayPrevious"), QStringLiteral("replay-prev"),
                             tr("Previous step"), side);
    play_ =
        replayButton(QStringLiteral("replayPlay"), QStringLiteral("replay-play"), tr("Play / pause"), side);
    play_->setCheckable(true);
    next_ = replayButton(QStringLiteral("replayNext"), QStringLiteral("replay-next"), tr("Next step"), side);
    last_ = replayButton(QStringLiteral("replayLast"), QStringLiteral("replay-last"), tr("Last step"), side);
    for (QToolButton* b : {first_, previous_, play_, next_, last_}) replayRow->addWidget(b);
    speed_ = new QDoubleSpinBox(side);
    speed_->setObjectName(QStringLiteral("replaySpeed"));
    speed_->setRange(0.25, 20.0);
    speed_->setSingleStep(0.5);
    speed_->setValue(model_->replay()->stepsPerSecond());
    speed_->setSuffix(tr(" steps/s"));
    speed_->setToolTip(tr("Replay speed"));
    replayRow->addWidget(speed_);
    replayRow->addStretch(1);
    sideLayout->addLayout(replayRow);
    step_ = new QLabel(side);
    step_->setObjectName(QStringLiteral("replayStep"));
    step_->setWordWrap(true);
    sideLayout->addWidget(step_);
    // The trajectory's steps, the current one highlighted; a click goes to that step.
    timeline_ = new QListWidget(side);
    timeline_->setObjectName(QStringLiteral("replayTimeline"));
    timeline_->setMaximumHeight(110);
    sideLayout->addWidget(timeline_);
    rawText_ = new QPlainTextEdit(side);
    rawText_->setObjectName(QStringLiteral("replayRawText"));
    rawText_->setReadOnly(true);
    rawText_->setPlaceholderText(
        tr("The model's raw reply for this step (none for a person's or the expert's step)"));
    sideLayout->addWidget(rawText_, 1);
    comment_ = new QLineEdit(side);
    comment_->setObjectName(QStringLiteral("reviewComment"));
    comment_->setPlaceholderText(tr("Review comment (optional)"));
    sideLayout->addWidget(comment_);
    auto* reviewRow = new QHBoxLayout;
    approve_ = new QPushButton(resources::icon(QStringLiteral("approve")), tr("Approve"), side);
    approve_->setObjectName(QStringLiteral("approveButton"));
    reject_ = new QPushButton(resources::icon(QStringLiteral("reject")), tr("Reject"), side);
    reject_->setObjectName(QStringLiteral("rejectButton"));
    correct_ =
        new QPushButton(resources::icon(QStringLiteral("needs-correction")), tr("Needs correction"), side);
    correct_->setObjectName(QStringLiteral("correctButton"));
    for (QPushButton* b : {approve_, reject_, correct_}) reviewRow->addWidget(b);
    sideLayout->addLayout(reviewRow);
    auto* correctionRow = new QHBoxLayout;
    save_ = new QPushButton(tr("Save correction"), side);
    save_->setObjectName(QStringLiteral("saveCorrectionButton"));
    save_->setToolTip(tr("Record the edited mask as a correction session linked to this one"));
    cancel_ = new QPushButton(tr("Stop correcting"), side);
    cancel_->setObjectName(QStringLiteral("cancelCorrectionButton"));
    correctionRow->addWidget(save_);
    correctionRow->addWidget(cancel_);
    sideLayout->addLayout(correctionRow);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    ReplayModel* replay = model_->replay();
    connect(first_, &QToolButton::clicked, replay, &ReplayModel::first);
    connect(previous_, &QToolButton::clicked, replay, &ReplayModel::previous);
    connect(next_, &QToolButton::clicked, replay, &ReplayModel::next);
    connect(last_, &QToolButton::clicked, replay, &ReplayModel::last);
    connect(play_, &QToolButton::toggled, replay, &ReplayModel::setPlaying);
    connect(replay, &ReplayModel::playingChanged, play_, [this](bool playing) {
        const QSignalBlocker block(play_);
        play_->setChecked(playing);
    });
    connect(speed_, &QDoubleSpinBox::valueChanged, replay, &ReplayModel::setStepsPerSecond);
    connect(replay, &ReplayModel::stepChanged, this, &SessionsPanel::updateStep);
    connect(replay, &ReplayModel::loaded, this, &SessionsPanel::fillTimeline);
    connect(timeline_, &QListWidget::currentRowChanged, replay, [replay](int row) {
        if (row >= 0) replay->setStep(row);
    });
    connect(approve_, &QPushButton::clicked, this, [this] {
        model_->approve(comment_->text());
        comment_->clear();
    });
    connect(reject_, &QPushButton::clicked, this, [this] {
        model_->reject(comment_->text());
        comment_->clear();
    });
    connect(correct_, &QPushButton::clicked, this, [this] {
        model_->requestCorrection(comment_->text());
        comment_->clear();
    });
    connect(save_, &QPushButton::clicked, this, [this] {
        model_->saveCorrection(comment_->text());
        comment_->clear();
    });
    connect(cancel_, &QPushButton::clicked, model_, &ReviewModel::cancelCorrection);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                const auto* row = model_->browser()->rowAt(current.row());
                if (row && model_->selected() != row->id) model_->selectSession(row->id);
            });
    connect(model_, &ReviewModel::selectionChanged, this, [this] {
        selectCurrentRow();
        updateStep();
        updateButtons();
    });
    connect(model_, &ReviewModel::correctingChanged, this, &SessionsPanel::updateButtons);
    connect(model_->browser(), &SessionBrowserModel::countsChanged, this, [this] {
        updateCounts();
        selectCurrentRow();
    });
    connect(model_->browser(), &QAbstractItemModel::modelReset, this, &SessionsPanel::refillChoices);
    refillChoices();
    updateCounts();
    updateStep();
    updateButtons();
}

void SessionsPanel::refillChoices() {
    if (!model_->browser()->hasProject()) return;
    // Filter choices follow the project's labels, policies, tools and reviewers (a choice is kept while it
    // exists).
    const std::pair<QComboBox*, storage::SessionColumn> lists[] = {
        {label_, storage::SessionColumn::Label},
        {policy_, storage::SessionColumn::Policy},
        {tool_, storage::SessionColumn::Tool},
        {reviewer_, storage::SessionColumn::Reviewer}};
    for (const auto& [combo, column] : lists) {
        QStringList values, shown;
        for (const auto& v : model_->browser()->distinctValues(column)) values << QString::fromStdString(v);
        for (int i = 1; i < combo->count(); ++i) shown << combo->itemData(i).toString();
        if (values == shown) continue;
        const QString current = combo->currentData().toString();
        const QSignalBlocker block(combo);
        while (combo->count() > 1) combo->removeItem(1);
        for (const QString& text : values) combo->addItem(text.isEmpty() ? tr("(none)") : text, text);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    }
}

void SessionsPanel::applyFilters() {
    storage::SessionQuery q;
    q.text = search_->text().trimmed().toStdString();
    if (status_->currentIndex() > 0)
        q.statuses = {static_cast<storage::ReviewStatus>(status_->currentData().toInt())};
    if (label_->currentIndex() > 0) q.labels = {label_->currentData().toString().toStdString()};
    if (actor_->currentIndex() > 0) q.actors = {actor_->currentData().toString().toStdString()};
    if (policy_->currentIndex() > 0) q.policies = {policy_->currentData().toString().toStdString()};
    if (tool_->currentIndex() > 0) q.tools = {tool_->currentData().toString().toStdString()};
    if (outcome_->currentIndex() > 0) {
        if (const auto o = core::parseOutcome(outcome_->currentData().toString().toStdString()))
            q.outcomes = {*o};
    }
    if (reviewer_->currentIndex() > 0) q.reviewers = {reviewer_->currentData().toString().toStdString()};
    if (minDice_->value() > 0.0) q.minDice = minDice_->value();
    model_->browser()->setQuery(q);
}

void SessionsPanel::updateCounts() {
    const auto* browser = model_->browser();
    if (!browser->hasProject()) {
        counts_->setText(tr("Open a project to review its sessions."));
        return;
    }
    QStringList parts;
    for (const auto& [status, count] : browser->statusCounts())
        parts << QStringLiteral("%1 %2").arg(count).arg(SessionBrowserModel::statusText(status));
    counts_->setText(
        tr("%n session(s) match", nullptr, browser->totalCount()) +
        (parts.isEmpty() ? QString() : QStringLiteral("  ·  ") + parts.join(QStringLiteral(", "))));
}

void SessionsPanel::selectCurrentRow() {
    const auto row = model_->selectedRow();
    if (!row) return;
    const QModelIndex index = model_->browser()->index(*row, 0);
    if (table_->currentIndex().row() == *row) return;
    const QSignalBlocker block(table_->selectionModel());
    table_->setCurrentIndex(index);
    table_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(index);
}

void SessionsPanel::fillTimeline() {
    const ReplayModel* replay = model_->replay();
    const QSignalBlocker block(timeline_);
    timeline_->clear();
    for (int i = 0; i < replay->stepCount(); ++i) {
        const core::Step& s = replay->steps()[static_cast<std::size_t>(i)];
        QString text = QStringLiteral("%1. %2  %3")
                           .arg(i + 1)
                           .arg(QString::fromStdString(core::describe(s.action)))
                           .arg(SessionBrowserModel::actorText(s.actor));
        if (s.dice) text += QStringLiteral("  Dice %1").arg(*s.dice, 0, 'f', 3);
        timeline_->addItem(text);
    }
    timeline_->setCurrentRow(replay->current());
}

void SessionsPanel::updateStep() {
    const ReplayModel* replay = model_->replay();
    if (timeline_->currentRow() != replay->current()) {
        const QSignalBlocker block(timeline_);
        timeline_->setCurrentRow(replay->current());
    }
    const core::Step* s = replay->step();
    if (!replay->active() || !s) {
        step_->setText(replay->active() ? tr("This session has no steps.")
                                        : tr("Select a session to replay it."));
        rawText_->clear();
        return;
    }
    QString text = tr("Step %1 of %2: %3 by %4")
                       .arg(replay->current() + 1)
                       .arg(replay->stepCount())
                       .arg(QString::fromStdString(core::describe(s->action)))
                       .arg(SessionBrowserModel::actorText(s->actor));
    if (s->dice) text += tr(", Dice %1").arg(*s->dice, 0, 'f', 3);
    if (!s->error.empty()) text += tr(", error: %1").arg(QString::fromStdString(s->error));
    step_->setText(text);
    rawText_->setPlainText(QString::fromStdString(s->rawText));
}

void SessionsPanel::updateButtons() {
    const bool selected = model_->selected().has_value();
    for (QWidget* w :
         std::initializer_list<QWidget*>{approve_, reject_, correct_, first_, previous_, play_, next_, last_})
        w->setEnabled(selected);
    save_->setEnabled(model_->correcting());
    cancel_->setEnabled(model_->correcting());
}

// With the focus in the table, the review keys act here before the window's tool shortcuts see them.
bool SessionsPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == table_ && shortcuts_ &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto* key = static_cast<QKeyEvent*>(event);
        const QString id =
            shortcuts_->idForKey(QStringLiteral("sessions"), QKeySequence(key->keyCombination()));
        if (!id.isEmpty()) {
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                if (id == QLatin1String("review.approve"))
                    approve_->click();
                else if (id == QLatin1String("review.reject"))
                    reject_->click();
                else if (id == QLatin1String("review.correct"))
                    correct_->click();
                else if (id == QLatin1String("review.next"))
                    model_->nextSession();
                else if (id == QLatin1String("review.previous"))
                    model_->previousSession();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace medsam::ui
