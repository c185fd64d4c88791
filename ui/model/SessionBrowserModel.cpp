#include "ui/model/SessionBrowserModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFileInfo>

namespace medsam::ui {

namespace {

storage::SessionColumn catalogColumn(int column) {
    return column >= 0 && column < SessionBrowserModel::ColumnCount
               ? static_cast<storage::SessionColumn>(column)
               : storage::SessionColumn::Id;
}

QString timeText(std::optional<std::int64_t> ms) {
    if (!ms) return {};
    return QDateTime::fromMSecsSinceEpoch(*ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QColor statusColour(storage::ReviewStatus status) {
    switch (status) {
        case storage::ReviewStatus::Approved:
            return QColor(30, 140, 60);
        case storage::ReviewStatus::Rejected:
            return QColor(190, 40, 40);
        case storage::ReviewStatus::Flagged:
            return QColor(200, 120, 0);
        case storage::ReviewStatus::Completed:
            return QColor(40, 90, 180);
        default:
            return {};
    }
}

}  // namespace

SessionBrowserModel::SessionBrowserModel(QObject* parent) : QAbstractTableModel(parent) {
    query_.sortBy = storage::SessionColumn::Id;
    query_.descending = true;  // newest first: what a reviewer opens a project for
}

QString SessionBrowserModel::statusText(storage::ReviewStatus status) {
    switch (status) {
        case storage::ReviewStatus::NotStarted:
            return tr("Not reviewed");
        case storage::ReviewStatus::InProgress:
            return tr("In review");
        case storage::ReviewStatus::Completed:
            return tr("Corrected");
        case storage::ReviewStatus::Flagged:
            return tr("Needs correction");
        case storage::ReviewStatus::Approved:
            return tr("Approved");
        case storage::ReviewStatus::Rejected:
            return tr("Rejected");
    }
    return {};
}

QString SessionBrowserModel::outcomeText(core::Outcome outcome) {
    switch (outcome) {
        case core::Outcome::Running:
            return tr("Running");
        case core::Outcome::Stopped:
            return tr("Stopped");
        case core::Outcome::TurnLimit:
            return tr("Turn limit");
        case core::Outcome::FormatError:
            return tr("Format error");
        case core::Outcome::Cancelled:
            return tr("Cancelled");
        case core::Outcome::Error:
            return tr("Error");
        case core::Outcome::Interrupted:
            return tr("Interrupted");
    }
    return QString::fromStdString(core::toString(outcome));
}

QString SessionBrowserModel::actorText(core::Actor actor) {
    switch (actor) {
        case core::Actor::Agent:
            return tr("agent");
        case core::Actor::Person:
            return tr("person");
        case core::Actor::Expert:
            return tr("expert");
    }
    return {};
}

std::vector<std::string> SessionBrowserModel::distinctValues(storage::SessionColumn column) {
    if (!project_) return {};
    try {
        return storage::SessionCatalog(*project_).distinctValues(column);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return {};
    }
}

void SessionBrowserModel::setProject(std::shared_ptr<storage::ProjectDb> project) {
    project_ = std::move(project);
    reload(kPageSize);
}

void SessionBrowserModel::setQuery(const storage::SessionQuery& query) {
    const auto sortBy = query_.sortBy;
    const bool descending = query_.descending;
    query_ = query;
    query_.sortBy = sortBy;
    query_.descending = descending;
    reload(kPageSize);
}

void SessionBrowserModel::sort(int column, Qt::SortOrder order) {
    query_.sortBy = catalogColumn(column);
    query_.descending = order == Qt::DescendingOrder;
    reload(kPageSize);
}

void SessionBrowserModel::refresh() {
    reload(std::max<int>(kPageSize, static_cast<int>(rows_.size())));
}

void SessionBrowserModel::reload(int rowsWanted) {
    beginResetModel();
    rows_.clear();
    total_ = 0;
    counts_.clear();
    try {
        if (project_) {
            storage::SessionCatalog catalog(*project_);
            total_ = catalog.count(query_);
            counts_ = catalog.countsByStatus(query_);
            rows_ = catalog.page(query_, 0, rowsWanted);
        }
    } catch (const std::exception& e) {
        endResetModel();
        Q_EMIT countsChanged();
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    endResetModel();
    Q_EMIT countsChanged();
}

int SessionBrowserModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SessionBrowserModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool SessionBrowserModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && static_cast<int>(rows_.size()) < total_;
}

void SessionBrowserModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    loadUpTo(static_cast<int>(rows_.size()) + kPageSize);
}

void SessionBrowserModel::loadUpTo(int rows) {
    const int have = static_cast<int>(rows_.size());
    rows = std::min(rows, total_);
    if (!project_ || rows <= have) return;
    std::vector<storage::SessionRow> more;
    try {
        more = storage::SessionCatalog(*project_).page(query_, have, rows - have);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    if (more.empty()) return;
    beginInsertRows({}, have, have + static_cast<int>(more.size()) - 1);
    for (auto& r : more) rows_.push_back(std::move(r));
    endInsertRows();
}

const storage::SessionRow* SessionBrowserModel::rowAt(int row) const {
    return row >= 0 && row < static_cast<int>(rows_.size()) ? &rows_[static_cast<std::size_t>(row)] : nullptr;
}

std::optional<int> SessionBrowserModel::rowOfSession(storage::Id sessionId) {
    if (!project_) return std::nullopt;
    std::optional<int> row;
    try {
        row = storage::SessionCatalog(*project_).rowOf(query_, sessionId);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return std::nullopt;
    }
    if (!row) return std::nullopt;
    loadUpTo((*row / kPageSize + 1) * kPageSize);
    return row;
}

QVariant SessionBrowserModel::data(const QModelIndex& index, int role) const {
    const storage::SessionRow* r = rowAt(index.row());
    if (!r) return {};
    if (role == Qt::UserRole) return QVariant::fromValue<qint64>(r->id);
    if (role == Qt::ForegroundRole && index.column() == Status) {
        const QColor c = statusColour(r->status);
        return c.isValid() ? QVariant(QBrush(c)) : QVariant();
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Id || index.column() == Steps || index.column() == FinalDice)) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Image) return QString::fromStdString(r->image);
        if (index.column() == Status && !r->comment.empty()) return QString::fromStdString(r->comment);
        if (index.column() == Label) return QString::fromStdString(r->target);
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Id:
            return QVariant::fromValue<qint64>(r->id);
        case Image:
            return QFileInfo(QString::fromStdString(r->image)).fileName();
        case Label:
            return QString::fromStdString(r->label);
        case Actors: {
            QStringList names;
            for (const auto& part : QString::fromStdString(r->actors).split(QLatin1Char('+'))) {
                const auto actor = core::parseActor(part.toStdString());
                names << (actor ? actorText(*actor) : part);
            }
            QString text = names.join(QLatin1Char('+'));
            if (!r->annotator.empty())
                text += QStringLiteral(" (%1)").arg(QString::fromStdString(r->annotator));
            return text;
        }
        case Policy:
            return QString::fromStdString(r->policy);
        case Tool:
            return QString::fromStdString(r->tool);
        case Steps:
            return r->steps;
        case FinalDice:
            return r->finalDice ? QString::number(*r->finalDice, 'f', 3) : QString();
        case Outcome:
            return outcomeText(r->outcome);
        case Status:
            return statusText(r->status);
        case Reviewer:
            return QString::fromStdString(r->reviewer);
        case Started:
            return timeText(r->startedAt);
        case Finished:
            return timeText(r->finishedAt);
        default:
            return {};
    }
}

QVariant SessionBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Id:
            return tr("Session");
        case Image:
            return tr("Image");
        case Label:
            return tr("Label");
        case Actors:
            return tr("Actors");
        case Policy:
            return tr("Policy");
        case Tool:
            return tr("Tool");
        case Steps:
            return tr("Steps");
        case FinalDice:
            return tr("Final Dice");
        case Outcome:
            return tr("Outcome");
        case Status:
            return tr("Review");
        case Reviewer:
            return tr("Reviewer");
        case Started:
            return tr("Started");
        case Finished:
            return tr("Finished");
        default:
            return {};
    }
}

}  // namespace medsam::ui
