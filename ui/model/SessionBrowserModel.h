#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "storage/db/SessionCatalog.h"

namespace medsam::ui {

// The sessions browser's table (a lazy model over storage::SessionCatalog): rows arrive a page at a time as
// the view scrolls (canFetchMore/fetchMore), sorting and filtering re-run the query in SQLite, so opening or
// filtering a 10,000-session project reads one page. Display texts are translated; the raw row is rowAt().
class SessionBrowserModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The table's columns are the catalog's, in its order: a column number is a storage::SessionColumn.
    enum Column {
        Id = static_cast<int>(storage::SessionColumn::Id),
        Image = static_cast<int>(storage::SessionColumn::Image),
        Label = static_cast<int>(storage::SessionColumn::Label),
        Actors = static_cast<int>(storage::SessionColumn::Actors),
        Policy = static_cast<int>(storage::SessionColumn::Policy),
        Tool = static_cast<int>(storage::SessionColumn::Tool),
        Steps = static_cast<int>(storage::SessionColumn::Steps),
        FinalDice = static_cast<int>(storage::SessionColumn::FinalDice),
        Outcome = static_cast<int>(storage::SessionColumn::Outcome),
        Status = static_cast<int>(storage::SessionColumn::Status),
        Reviewer = static_cast<int>(storage::SessionColumn::Reviewer),
        Started = static_cast<int>(storage::SessionColumn::Started),
        Finished = static_cast<int>(storage::SessionColumn::Finished),
        ColumnCount
    };
    static constexpr int kPageSize = 200;

    explicit SessionBrowserModel(QObject* parent = nullptr);

    void setProject(std::shared_ptr<storage::ProjectDb> project);
    bool hasProject() const { return static_cast<bool>(project_); }
    void setQuery(const storage::SessionQuery& query);  // keeps the current sort
    const storage::SessionQuery& query() const { return query_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    int totalCount() const { return total_; }  // rows the query matches (loaded or not)
    const std::map<storage::ReviewStatus, int>& statusCounts() const { return counts_; }
    const storage::SessionRow* rowAt(int row) const;
    // The row of a session in the current order, loading pages up to it; nullopt when the query excludes it.
    std::optional<int> rowOfSession(storage::Id sessionId);
    // Re-reads the loaded rows and the counts (after a review), keeping as many rows loaded as before.
    void refresh();

    static QString statusText(storage::ReviewStatus status);
    static QString outcomeText(core::Outcome outcome);
    static QString actorText(core::Actor actor);
    // The values a filter on `column` can take (storage::SessionCatalog::distinctValues); empty without a
    // project.
    std::vector<std::string> distinctValues(storage::SessionColumn column);

Q_SIGNALS:
    void countsChanged();
    void errorOccurred(const QString& message);

private:
    void reload(int rowsWanted);
    void loadUpTo(int rows);

    std::shared_ptr<storage::ProjectDb> project_;
    storage::SessionQuery query_;
    std::vector<storage::SessionRow> rows_;
    int total_ = 0;
    std::map<storage::ReviewStatus, int> counts_;
};

}  // namespace medsam::ui
