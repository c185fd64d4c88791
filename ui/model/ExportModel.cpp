#include "ui/model/ExportModel.h"

#include <QDir>
#include <QFileInfo>
#include <memory>

#include "storage/db/ProjectDb.h"

namespace medsam::ui {

ExportModel::ExportModel(QObject* parent) : QObject(parent) {
    connect(&task_, &BackgroundTask::progress, this, &ExportModel::progress);
    connect(&task_, &BackgroundTask::failed, this, [this](const QString& message) {
        Q_EMIT errorOccurred(message);
        Q_EMIT finished(false, tr("The export failed: %1").arg(message));
    });
    connect(&task_, &BackgroundTask::cancelled, this, [this] {
        Q_EMIT finished(false, tr("The export was cancelled; the folder may hold part of it."));
    });
}

void ExportModel::setFormats(bool sft, bool rl, bool labelMaps, bool dicomSeg) {
    sft_ = sft;
    rl_ = rl;
    masks_ = labelMaps;
    dicomSeg_ = labelMaps && dicomSeg;  // a SEG is written beside its label map
}

void ExportModel::setDeidentify(bool deidentify, bool retainUids) {
    deidentify_ = deidentify;
    retainUids_ = deidentify && retainUids;
}

bool ExportModel::start() {
    QString problem;
    if (projectPath_.isEmpty())
        problem = tr("open a project first: the export reads its sessions");
    else if (outDir_.isEmpty())
        problem = tr("choose an output folder");
    else if (!sft_ && !rl_ && !masks_)
        problem = tr("choose at least one format");
    else if (statuses_.empty())
        problem = tr("choose at least one review status");
    else if (QFileInfo(outDir_).exists() && !QFileInfo(outDir_).isDir())
        problem = tr("%1 is a file, not a folder").arg(outDir_);
    if (!problem.isEmpty()) {
        Q_EMIT errorOccurred(problem);
        return false;
    }
    auto report = std::make_shared<storage::ExportReport>();
    const std::string project = projectPath_.toStdString(), who = who_.toStdString();
    storage::ExportOptions options;
    options.outDir = outDir_.toStdString();
    options.filter.statuses = statuses_;
    options.sft = sft_;
    options.rl = rl_;
    options.masks = masks_;  // DICOM SEG files sit beside the label maps
    options.dicomSeg = dicomSeg_;
    options.deidentify = deidentify_;
    options.retainUids = deidentify_ && retainUids_;
    const bool started = task_.start(
        tr("Exporting sessions to %1").arg(QDir::toNativeSeparators(outDir_)),
        [=](TaskContext& ctx) {
            // The worker's own handle: a ProjectDb belongs to one thread.
            storage::OpenOptions open;
            open.who = who;
            storage::ProjectDb db(project, open);
            storage::ExportOptions o = options;
            o.progress.cancel = ctx.cancelFlag();
            o.progress.report = [&ctx](std::size_t done, std::size_t total, const std::string& what) {
                ctx.progress(done, total, QString::fromStdString(what));
            };
            *report = storage::exportProject(db, o);
        },
        [this, report] {
            report_ = *report;
            Q_EMIT finished(true, summary());
        });
    if (!started) Q_EMIT errorOccurred(tr("another job is running; try again when it has finished"));
    return started;
}

QString ExportModel::summary() const {
    const storage::ExportReport& r = report_;
    QString text = tr("Exported %n session(s)", nullptr, r.sessions) + QStringLiteral(":\n");
    if (sft_) text += tr("  %n SFT conversation(s)", nullptr, r.sftRecords) + QLatin1Char('\n');
    if (rl_) text += tr("  %n RL row(s)", nullptr, r.rlRecords) + QLatin1Char('\n');
    if (masks_) text += tr("  %n label map(s)", nullptr, r.labelMaps) + QLatin1Char('\n');
    if (masks_ && dicomSeg_) text += tr("  %n DICOM SEG file(s)", nullptr, r.dicomSegs) + QLatin1Char('\n');
    text += tr("Skipped: %n", nullptr, r.skipped) + QLatin1Char('\n');
    for (const auto& why : r.skippedWhy)
        text += QStringLiteral("  ") + QString::fromStdString(why) + QLatin1Char('\n');
    text += tr("Manifest with the SHA-256 of every file: %1")
                .arg(QDir::toNativeSeparators(QString::fromStdString(r.manifestPath)));
    return text;
}

}  // namespace medsam::ui
