#pragma once

#include <QObject>
#include <QString>
#include <optional>

#include "storage/db/Records.h"
#include "ui/model/ReplayModel.h"
#include "ui/model/SessionBrowserModel.h"

namespace medsam::ui {

class StudioModel;

// The reviewer's day (keyboard first): pick a session in the browser, watch its replay on its image and
// slice, then approve (A), reject (R) or mark it for correction (C) with a comment; approve and reject move
// on to the next session (N / P move without reviewing). Correcting loads the session's final mask into its
// label on its slice, the reviewer edits it with the brush, polygon or AI tools, and saving records a linked
// correction session (storage/db/Correction.h). Every review and correction lands in the project and its
// audit log under the reviewer's name.
class ReviewModel : public QObject {
    Q_OBJECT
public:
    explicit ReviewModel(StudioModel* studio, QObject* parent = nullptr);

    SessionBrowserModel* browser() { return &browser_; }
    ReplayModel* replay() { return &replay_; }
    QString reviewer() const;

    void selectRow(int row);
    void selectSession(storage::Id sessionId);
    std::optional<storage::Id> selected() const { return selected_; }
    std::optional<int> selectedRow() const;

    void approve(const QString& comment = {});
    void reject(const QString& comment = {});
    // Marks the session "needs correction" and starts correcting it.
    void requestCorrection(const QString& comment = {});
    void nextSession();
    void previousSession();

    void beginCorrection();
    void saveCorrection(const QString& comment = {});
    void cancelCorrection();
    bool correcting() const { return correcting_.has_value(); }

Q_SIGNALS:
    void selectionChanged();
    void reviewed(storage::Id sessionId, storage::ReviewStatus status);
    void correctionStarted(storage::Id sessionId);
    void correctionSaved(storage::Id original, storage::Id correction, const QString& summary);
    void correctingChanged(bool correcting);
    void errorOccurred(const QString& message);

private:
    void review(storage::ReviewStatus status, const QString& comment, bool advance);
    void showOnSlice();
    std::uint16_t labelValueOfTask();

    StudioModel* studio_;
    SessionBrowserModel browser_;
    ReplayModel replay_;
    std::optional<storage::Id> selected_;
    std::optional<storage::Id> correcting_;
};

}  // namespace medsam::ui
