#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <optional>
#include <vector>

#include "core/image/Image.h"
#include "core/image/SliceRef.h"
#include "core/trajectory/Trajectory.h"
#include "storage/db/Records.h"

namespace medsam::storage {
class ProjectDb;
}

namespace medsam::ui {

// Steps through a recorded session as it happened: each step's prompt (the box and the clicks in force at
// that step) and the mask it produced, bit-exact from the database. first/previous/next/last or play at a
// chosen speed. The slice views draw the current step over the session's slice (SliceViewModel::aiOverlay).
class ReplayModel : public QObject {
    Q_OBJECT
public:
    explicit ReplayModel(QObject* parent = nullptr);

    // Reads the session's task and steps. Throws storage::StorageError when they cannot be read.
    void load(storage::ProjectDb& db, storage::Id sessionId);
    void clear();
    bool active() const { return sessionId_.has_value(); }
    std::optional<storage::Id> sessionId() const { return sessionId_; }
    const storage::TaskRecord& task() const { return task_; }
    std::optional<core::SliceRef> slice() const { return task_.slice; }

    int stepCount() const { return static_cast<int>(steps_.size()); }
    int current() const { return current_; }  // -1 when the session has no steps
    const core::Step* step() const;
    const std::vector<core::Step>& steps() const { return steps_; }
    void setStep(int index);  // clamped
    void first() { setStep(0); }
    void previous() { setStep(current_ - 1); }
    void next() { setStep(current_ + 1); }
    void last() { setStep(stepCount() - 1); }

    // The mask after the current step (decoded from the stored bytes), or nullptr when the step has none.
    const core::Mask* mask() const { return mask_ ? &*mask_ : nullptr; }
    // The prompts in force at the current step: the latest box and the clicks after it, up to this step.
    std::optional<core::Action> box() const;
    std::vector<core::Action> points() const;

    void setPlaying(bool playing);
    bool playing() const { return timer_.isActive(); }
    void setStepsPerSecond(double rate);  // 0.25 .. 20
    double stepsPerSecond() const { return rate_; }

Q_SIGNALS:
    void loaded();
    void stepChanged(int index);
    void playingChanged(bool playing);

private:
    void decodeCurrent();

    std::optional<storage::Id> sessionId_;
    storage::TaskRecord task_;
    std::vector<core::Step> steps_;
    int current_ = -1;
    std::optional<core::Mask> mask_;
    QTimer timer_;
    double rate_ = 2.0;
};

}  // namespace medsam::ui
