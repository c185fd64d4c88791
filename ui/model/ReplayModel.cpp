#include "ui/model/ReplayModel.h"

#include <algorithm>

#include "core/codec/MaskCodec.h"
#include "storage/db/ProjectDb.h"

namespace medsam::ui {

ReplayModel::ReplayModel(QObject* parent) : QObject(parent) {
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (current_ + 1 >= stepCount()) {
            setPlaying(false);
            return;
        }
        next();
    });
}

void ReplayModel::load(storage::ProjectDb& db, storage::Id sessionId) {
    const auto session = db.session(sessionId);
    if (!session) throw storage::StorageError("the project has no session " + std::to_string(sessionId));
    const auto task = db.task(session->taskId);
    if (!task) throw storage::StorageError("session " + std::to_string(sessionId) + " names a missing task");
    auto steps = db.steps(sessionId);
    setPlaying(false);
    sessionId_ = sessionId;
    task_ = *task;
    steps_ = std::move(steps);
    current_ = steps_.empty() ? -1 : 0;
    decodeCurrent();
    Q_EMIT loaded();
    Q_EMIT stepChanged(current_);
}

void ReplayModel::clear() {
    setPlaying(false);
    sessionId_.reset();
    task_ = {};
    steps_.clear();
    current_ = -1;
    mask_.reset();
    Q_EMIT loaded();
    Q_EMIT stepChanged(current_);
}

const core::Step* ReplayModel::step() const {
    return current_ >= 0 && current_ < stepCount() ? &steps_[static_cast<std::size_t>(current_)] : nullptr;
}

void ReplayModel::setStep(int index) {
    if (steps_.empty()) return;
    index = std::clamp(index, 0, stepCount() - 1);
    if (index == current_) return;
    current_ = index;
    decodeCurrent();
    Q_EMIT stepChanged(current_);
}

void ReplayModel::decodeCurrent() {
    mask_.reset();
    const core::Step* s = step();
    if (s && !s->mask.empty()) mask_ = core::decodeMask(s->mask);
}

std::optional<core::Action> ReplayModel::box() const {
    for (int i = current_; i >= 0; --i) {
        if (steps_[static_cast<std::size_t>(i)].action.kind == core::ActionKind::Box)
            return steps_[static_cast<std::size_t>(i)].action;
    }
    return std::nullopt;
}

std::vector<core::Action> ReplayModel::points() const {
    std::vector<core::Action> out;
    for (int i = current_; i >= 0; --i) {
        const core::Action& a = steps_[static_cast<std::size_t>(i)].action;
        if (a.kind == core::ActionKind::Box) break;
        if (a.isPoint()) out.insert(out.begin(), a);
    }
    return out;
}

void ReplayModel::setPlaying(bool playing) {
    if (playing == timer_.isActive()) return;
    if (playing && stepCount() < 2) return;
    if (playing) {
        if (current_ + 1 >= stepCount()) first();  // play from the start once at the end
        timer_.start(static_cast<int>(1000.0 / rate_));
    } else {
        timer_.stop();
    }
    Q_EMIT playingChanged(playing);
}

void ReplayModel::setStepsPerSecond(double rate) {
    rate_ = std::clamp(rate, 0.25, 20.0);
    if (timer_.isActive()) timer_.setInterval(static_cast<int>(1000.0 / rate_));
}

}  // namespace medsam::ui
