#include "ui/model/StudioModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QUuid>
#include <chrono>
#include <thread>

#include "agent/propagation/Propagation.h"
#include "core/codec/MaskCodec.h"
#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "core/io/VolumeSummary.h"
#include "storage/db/ImageSettings.h"
#include "storage/db/Import.h"
#include "storage/db/LabelMapStore.h"
#include "storage/db/ProjectDb.h"
#include "storage/db/SessionRecorder.h"
#include "ui/model/SliceEdit.h"

namespace medsam::ui {

namespace {

// Core's loaders report progress through LoadOptions; this forwards it to the task's progress signal.
core::LoadOptions loadOptions(TaskContext& ctx, const QString& what) {
    core::LoadOptions options;
    options.cancel = ctx.cancelFlag();
    options.progress = [&ctx, what](std::size_t done, std::size_t total) { ctx.progress(done, total, what); };
    return options;
}

QString windowText(const core::WindowLevel& w) {
    return QStringLiteral("%1 %2").arg(w.center, 0, 'g', 17).arg(w.width, 0, 'g', 17);
}

std::optional<core::WindowLevel> parseWindow(const std::string& text) {
    const QStringList parts = QString::fromStdString(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    bool okC = false, okW = false;
    if (parts.size() != 2) return std::nullopt;
    const double c = parts[0].toDouble(&okC), w = parts[1].toDouble(&okW);
    if (!okC || !okW || !(w > 0)) return std::nullopt;
    return core::WindowLevel{c, w};
}

const std::string kWindowKey = "window";

}  // namespace

std::string StudioModel::userName() {
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? std::string("medsam-studio") : user.toStdString();
}

StudioModel::PathKind StudioModel::classify(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return PathKind::Missing;
    if (info.isDir()) return PathKind::Dicom;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && file.read(16) == QByteArray("SQLite format 3\0", 16))
        return PathKind::Project;
    const std::string format = core::detectFormat(path.toStdString());
    if (format == "DICOM") return PathKind::Dicom;
    return format.empty() ? PathKind::Unknown : PathKind::Image;
}

StudioModel::StudioModel(QSettings* settings, QObject* parent)
    : QObject(parent), settings_(settings), recent_(settings), projectImages_(this) {
    connect(&task_, &BackgroundTask::succeeded, this, &StudioModel::runQueue);
    connect(&task_, &BackgroundTask::failed, this,
            [this](const QString& message) { fail(failingTitle_, message); });
    connect(&task_, &BackgroundTask::cancelled, this, [this] {
        queue_.clear();
        Q_EMIT idle();
    });
    connect(&viewer_, &ViewerModel::windowLevelCommitted, this, &StudioModel::rememberWindow);
    connect(&viewer_, &ViewerModel::imageChanged, &undo_, &QUndoStack::clear);
    connect(&viewer_, &ViewerModel::imageChanged, this, [this] { lastAccepted_.reset(); });
    connect(&labelTable_, &LabelTableModel::labelInfoChanged, this, &StudioModel::rememberLabel);
    connect(&labelTable_, &LabelTableModel::labelRemoved, this, [this](std::uint16_t value) {
        if (!project_) return;
        try {
            if (!storage::removeUnusedLabel(*project_, value))
                Q_EMIT notice(tr("Label %1 stays in the project: recorded work uses it").arg(value));
        } catch (const std::exception& e) {
            Q_EMIT errorOccurred(tr("Cannot remove the label from the project"),
                                 QString::fromStdString(e.what()));
        }
    });
    connect(&ai_, &AiPromptModel::stepTaken, this, &StudioModel::recordPromptStep);
    connect(&ai_, &AiPromptModel::sessionEnded, this,
            [this](const core::SliceRef& slice, core::Outcome outcome, const core::Mask& mask) {
                if (outcome == core::Outcome::Stopped) lastAccepted_ = slice;  // where propagation starts
                endPromptSession(outcome, mask);
            });
    connect(&ai_, &AiPromptModel::errorOccurred, this,
            [this](const QString& message) { Q_EMIT errorOccurred(tr("The AI tool failed"), message); });
    connect(&review_, &PropagationReviewModel::errorOccurred, this,
            [this](const QString& message) { Q_EMIT errorOccurred(tr("Cannot redo the slice"), message); });
    setSamModel(settings_->value(QStringLiteral("ai/samModel")).toString());
    agent_.setSettings(settings_);
    agent_.setDefaultTarget([this] {
        const core::LabelInfo label = labelTable_.info(brush_.activeLabel());
        return QString::fromStdString(label.description.empty() ? label.name : label.description);
    });
}

void StudioModel::setSamModel(const QString& folder) {
    samModel_ = folder;
    settings_->setValue(QStringLiteral("ai/samModel"), folder);
    agent::AgentSpec& spec = agent_.spec();
    spec.tool = folder.isEmpty() ? "classical" : "sam";
    spec.samModel = folder.toStdString();
    const agent::AgentSpec tool = spec;
    ai_.setSegmenterFactory([tool] { return agent::makeTool(tool); });
}

StudioModel::~StudioModel() = default;

QString StudioModel::projectPath() const {
    return project_ ? QString::fromStdString(project_->path()) : QString();
}

void StudioModel::fail(const QString& title, const QString& message) {
    queue_.clear();
    Q_EMIT errorOccurred(title, message);
    if (!task_.isRunning()) Q_EMIT idle();
}

bool StudioModel::startTask(const QString& title, BackgroundTask::Work work,
                            std::function<void()> onSuccess) {
    // One job at a time: a second request while one runs is refused out loud, never dropped in silence.
    if (task_.isRunning()) {
        Q_EMIT errorOccurred(
            tr("Busy"), tr("\"%1\" is still running: wait for it or cancel it first").arg(task_.title()));
        return false;
    }
    return task_.start(title, std::move(work), std::move(onSuccess));
}

void StudioModel::whenIdle(std::function<void()> action) {
    queue_.push_back(std::move(action));
    if (!task_.isRunning()) runQueue();
}

void StudioModel::runQueue() {
    while (!task_.isRunning() && !queue_.empty()) {
        auto action = std::move(queue_.front());
        queue_.erase(queue_.begin());
        action();
    }
    if (!task_.isRunning() && queue_.empty()) Q_EMIT idle();
}

void StudioModel::open(const QString& given) {
    // Absolute from here on: the title, the recent list and the project all name the file unambiguously.
    const QString path = given.isEmpty() ? given : QFileInfo(given).absoluteFilePath();
    switch (classify(path)) {
        case PathKind::Project:
            openProject(path);
            return;
        case PathKind::Dicom:
            openDicom(path);
            return;
        case PathKind::Image:
            openImage(path);
            return;
        case PathKind::Missing:
            fail(tr("Cannot open %1").arg(path), tr("%1: no such file or folder").arg(path));
            return;
        case PathKind::Unknown:
            fail(tr("Cannot open %1").arg(path),
                 tr("%1: not a project, a DICOM file or folder, or an image this program reads "
                    "(NIfTI, NRRD, MetaImage, PNG, JPEG)")
                     .arg(path));
            return;
    }
}

void StudioModel::startLoad(const QString& title, std::function<core::Volume(TaskContext&)> read,
                            const QString& path) {
    auto loaded = std::make_shared<LoadedImage>();
    auto imageId = std::make_shared<std::optional<storage::Id>>();
    auto storedWindow = std::make_shared<std::optional<core::WindowLevel>>();
    auto storedLabels = std::make_shared<std::optional<core::LabelMap>>();
    const QString project = projectPath();
    const std::optional<storage::Id> knownId = imageId_;  // set by openProjectImage just before
    failingTitle_ = tr("Cannot open %1").arg(path);
    startTask(
        title,
        [=](TaskContext& ctx) {
            auto volume = std::make_shared<core::Volume>(read(ctx));
            ctx.progress(0, 0, tr("Computing the window and the histogram"));
            loaded->autoWindow = core::autoWindow(volume->image);
            loaded->histogram = core::histogram(volume->image, 256);
            loaded->path = path;
            const auto description = volume->metadata.find("seriesDescription");
            loaded->displayName = QFileInfo(path).fileName();
            if (description != volume->metadata.end() && !description->second.empty())
                loaded->displayName += QStringLiteral(" - ") + QString::fromStdString(description->second);
            if (!project.isEmpty()) {
                // Its own handle: a ProjectDb is used by one thread at a time (storage/db/ProjectDb.h).
                storage::OpenOptions options;
                options.checkIntegrity = false;
                options.who = userName();
                storage::ProjectDb db(project.toStdString(), options);
                if (!knownId) {
                    ctx.progress(0, 0, tr("Adding the image to the project"));
                    *imageId = storage::importLoadedVolume(db, path.toStdString(), *volume).id;
                } else {
                    *imageId = knownId;
                }
                if (auto text = storage::imageSetting(db, **imageId, kWindowKey))
                    *storedWindow = parseWindow(*text);
                ctx.progress(0, 0, tr("Reading the saved labels"));
                *storedLabels = storage::loadLabelMap(db, **imageId, volume->image.geometry());
            }
            loaded->volume = std::move(volume);
        },
        [=] {
            imageId_ = *imageId;
            viewer_.setImage(std::move(*loaded));
            if (*storedWindow) viewer_.setWindowLevel(**storedWindow, false);
            if (*storedLabels)
                viewer_.setLabelMap(std::make_shared<core::LabelMap>(std::move(**storedLabels)));
            undo_.clear();
            recent_.add(path);
            refreshProjectImages();
            Q_EMIT imageOpened();
        });
}

void StudioModel::openImage(const QString& path) {
    imageId_.reset();
    const std::string file = path.toStdString();
    startLoad(
        tr("Opening %1").arg(QFileInfo(path).fileName()),
        [file](TaskContext&) { return core::readVolume(file); }, path);
}

void StudioModel::openDicom(const QString& path) {
    auto scan = std::make_shared<core::DicomScan>();
    auto thumbnails = std::make_shared<std::vector<QImage>>();
    const std::string folder = path.toStdString();
    failingTitle_ = tr("Cannot open %1").arg(path);
    startTask(
        tr("Scanning %1").arg(QFileInfo(path).fileName()),
        [=](TaskContext& ctx) {
            *scan = core::scanDicom(folder, loadOptions(ctx, tr("Reading DICOM headers")));
            for (std::size_t i = 0; i < scan->series.size(); ++i) {
                if (ctx.cancelled()) throw core::LoadCancelled();
                ctx.progress(i, scan->series.size(), tr("Making previews"));
                try {
                    thumbnails->push_back(SeriesListModel::makeThumbnail(scan->series[i]));
                } catch (const std::exception&) {
                    thumbnails->push_back(QImage());  // the picker shows no preview; loading will say why
                }
            }
        },
        [=] {
            dicomPath_ = path;
            series_.setScan(std::move(*scan), std::move(*thumbnails));
            if (series_.rowCount() == 1)
                loadSeries(0);
            else
                Q_EMIT seriesChoiceNeeded();
        });
}

void StudioModel::loadSeries(int row) {
    const core::DicomSeriesInfo series = series_.series(row);
    imageId_.reset();
    startLoad(
        tr("Loading %1 slices").arg(series.sliceCount()),
        [series](TaskContext& ctx) {
            return core::loadDicomSeries(series, loadOptions(ctx, tr("Decoding slices")));
        },
        dicomPath_);
}

void StudioModel::openProject(const QString& path, bool openFirstImage) {
    auto db = std::make_shared<std::shared_ptr<storage::ProjectDb>>();
    const std::string file = path.toStdString();
    failingTitle_ = tr("Cannot open project %1").arg(path);
    startTask(
        tr("Opening project %1").arg(QFileInfo(path).fileName()),
        [=](TaskContext& ctx) {
            ctx.progress(0, 0, tr("Checking the project's integrity"));
            storage::OpenOptions options;
            options.who = userName();
            *db = std::make_shared<storage::ProjectDb>(file, options);
        },
        [=] {
            project_ = std::move(*db);
            imageId_.reset();
            viewer_.clear();
            recent_.add(path);
            refreshProjectImages();
            Q_EMIT projectChanged();
            if (openFirstImage && projectImages_.rowCount() > 0) openProjectImage(projectImages_.imageId(0));
        });
}

void StudioModel::newProject(const QString& path) {
    if (QFileInfo::exists(path)) {
        fail(tr("Cannot create project %1").arg(path), tr("%1 already exists; open it instead").arg(path));
        return;
    }
    auto db = std::make_shared<std::shared_ptr<storage::ProjectDb>>();
    auto imageId = std::make_shared<std::optional<storage::Id>>();
    // The open bare image joins the new project: this is how "save" of an image without a project works.
    const auto volume = viewer_.hasImage() && !imageId_ ? viewer_.image().volume : nullptr;
    const QString imagePath = viewer_.image().path;
    const core::WindowLevel window = viewer_.windowLevel();
    const std::string file = path.toStdString();
    failingTitle_ = tr("Cannot create project %1").arg(path);
    startTask(
        tr("Creating project %1").arg(QFileInfo(path).fileName()),
        [=](TaskContext& ctx) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            auto created = std::make_shared<storage::ProjectDb>(storage::ProjectDb::create(file, userName()));
            if (volume) {
                ctx.progress(0, 0, tr("Adding the image to the project"));
                *imageId = storage::importLoadedVolume(*created, imagePath.toStdString(), *volume).id;
                storage::setImageSetting(*created, **imageId, kWindowKey, windowText(window).toStdString());
            }
            *db = std::move(created);
        },
        [=] {
            project_ = std::move(*db);
            if (*imageId) imageId_ = *imageId;
            recent_.add(path);
            refreshProjectImages();
            Q_EMIT projectChanged();
        });
}

void StudioModel::openProjectImage(storage::Id imageId) {
    if (!project_) return;
    const auto record = project_->image(imageId);
    if (!record) {
        fail(tr("Cannot open the image"), tr("the project has no image %1").arg(imageId));
        return;
    }
    imageId_ = imageId;
    const storage::ImageRecord image = *record;
    startLoad(
        tr("Opening %1").arg(QFileInfo(QString::fromStdString(image.absolutePath)).fileName()),
        [image](TaskContext&) { return storage::loadProjectImage(image); },
        QString::fromStdString(image.absolutePath));
}

void StudioModel::loadLabelMap(const QString& path) {
    if (!viewer_.hasImage()) {
        fail(tr("Cannot load %1").arg(path),
             tr("open an image first: a label map is shown on an image's grid"));
        return;
    }
    auto labels = std::make_shared<core::LabelMap>();
    auto counts = std::make_shared<std::map<std::uint16_t, std::size_t>>();
    const core::ImageGeometry grid = viewer_.geometry();
    const std::string imagePath = viewer_.image().path.toStdString();
    const std::string file = path.toStdString();
    failingTitle_ = tr("Cannot load label map %1").arg(path);
    startTask(
        tr("Loading label map %1").arg(QFileInfo(path).fileName()),
        [=](TaskContext&) {
            *labels = core::readLabelMap(file);
            core::checkSameGrid(grid, labels->labels.geometry(), imagePath, file);
            *counts = core::labelVoxelCounts(labels->labels);
        },
        [=] {
            viewer_.setLabelMap(labels, std::move(*counts));
            Q_EMIT labelMapOpened();
        });
}

void StudioModel::saveLabels() {
    if (!project_ || !imageId_) {
        fail(tr("Cannot save the labels"),
             tr("the image is not in a project: create one with File > New project, then save"));
        return;
    }
    const auto labels = viewer_.labelMap();
    if (!labels) return;
    auto written = std::make_shared<int>(0);
    const QString project = projectPath();
    const storage::Id imageId = *imageId_;
    const int undoIndex = undo_.index();
    failingTitle_ = tr("Cannot save the labels");
    startTask(
        tr("Saving the labels"),
        [=](TaskContext&) {
            storage::OpenOptions options;
            options.checkIntegrity = false;
            options.who = userName();
            storage::ProjectDb db(project.toStdString(), options);
            *written = storage::saveLabelMap(db, imageId, *labels).labelsWritten;
        },
        [=] {
            // Clean only if nothing was painted while it was written (else the map still differs from the
            // save).
            if (undo_.index() == undoIndex) undo_.setClean();
            Q_EMIT labelsSaved(*written);
        });
}

void StudioModel::exportLabels(const QString& path) {
    const auto labels = viewer_.labelMap();
    if (!labels) {
        fail(tr("Cannot export the labels"), tr("there is no label map to export"));
        return;
    }
    const std::string file = path.toStdString();
    failingTitle_ = tr("Cannot export the labels to %1").arg(path);
    startTask(
        tr("Exporting the labels"), [labels, file](TaskContext&) { core::writeLabelMap(*labels, file); },
        [] {});
}

void StudioModel::rememberLabel(const core::LabelInfo& info) {
    if (!project_) return;
    try {
        if (const auto existing = project_->labelByName(info.name);
            existing && existing->info.value != info.value)
            throw storage::StorageError("the project already has a label named '" + info.name + "' (value " +
                                        std::to_string(existing->info.value) + ")");
        for (const auto& record : project_->labels()) {
            if (record.info.value == info.value) {
                project_->updateLabel(record.id, info);
                return;
            }
        }
        project_->addLabel(info);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(tr("Cannot store the label in the project"), QString::fromStdString(e.what()));
    }
}

// Each answered prompt is a person step of one session per exchange, committed as it happens (a crash of the
// app loses no step it showed). Without a project nothing is recorded.
void StudioModel::recordPromptStep(const core::SliceRef& slice, const core::Step& step) {
    if (!project_ || !imageId_) return;
    try {
        if (!promptSession_) {
            const core::LabelInfo label = labelTable_.info(brush_.activeLabel());
            const storage::Id labelId = storage::ensureLabelValue(*project_, label);
            const std::string target = label.description.empty() ? label.name : label.description;
            const storage::Id taskId = project_->ensureTask(*imageId_, labelId, slice, target);
            storage::ActorInfo actor;
            actor.actor = core::Actor::Person;
            actor.annotator = userName();
            actor.tool = ai_.toolName().toStdString();
            promptSession_ = project_->beginSession(taskId, actor);
        }
        project_->appendStep(*promptSession_, step);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(tr("Cannot record the prompt in the project"), QString::fromStdString(e.what()));
    }
}

void StudioModel::endPromptSession(core::Outcome outcome, const core::Mask& finalMask) {
    if (!promptSession_ || !project_) return;
    const storage::Id session = *promptSession_;
    promptSession_.reset();
    try {
        project_->finishSession(
            session, outcome, finalMask.empty() ? std::vector<std::uint8_t>{} : core::encodeMask(finalMask));
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(tr("Cannot record the end of the session"), QString::fromStdString(e.what()));
    }
}

void StudioModel::propagate() {
    const std::uint16_t value = brush_.activeLabel();
    if (!lastAccepted_ || !viewer_.labelMap() || !viewer_.hasImage()) {
        fail(tr("Cannot propagate"), tr("accept an AI result on a slice first: propagation starts from it"));
        return;
    }
    const core::SliceRef start = *lastAccepted_;
    agent::PropagationRequest request;
    const auto labels = viewer_.labelMap();  // a snapshot: edits meanwhile copy on write
    const auto volume = viewer_.image().volume;
    request.volume = &volume->image;
    request.axis = start.axis;
    request.startIndex = start.index;
    request.startMask = core::extractSlice(core::maskForValues(labels->labels, {value}), start);
    const core::LabelInfo label = labelTable_.info(value);
    request.target = label.description.empty() ? label.name : label.description;
    request.imagePath = viewer_.image().path.toStdString();
    request.cacheKeyPrefix = "image" + std::to_string(viewer_.imageSerial()) + "/";
    if (!agent_.referenceValues().empty()) {
        request.reference = &labels->labels;
        request.referenceValues = agent_.referenceValues();
    }
    agent::AgentSpec spec = agent_.spec();
    if (spec.policy == "mllm" || spec.policy == "expert") {
        // Both work slice by slice too; the expert needs the reference named in the agent panel.
        if (spec.policy == "expert" && request.referenceValues.empty()) {
            fail(tr("Cannot propagate"),
                 tr("the expert imitates a reference: name its label values in the agent panel"));
            return;
        }
    }
    const QString project = hasProject() && imageId_ ? projectPath() : QString();
    const std::optional<storage::Id> imageId = imageId_;
    const std::string runId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    auto result = std::make_shared<agent::PropagationResult>();
    auto paused = propagationPaused_;
    failingTitle_ = tr("Propagation failed");
    startTask(
        tr("Propagating %1").arg(QString::fromStdString(request.target)),
        [=](TaskContext& ctx) {
            auto tool = agent::makeTool(spec);
            auto policy = agent::makePolicy(spec, ctx.cancelFlag());
            std::optional<storage::SessionRecorder> recorder;
            storage::Id labelId = 0;
            if (!project.isEmpty()) {
                storage::OpenOptions options;
                options.checkIntegrity = false;
                options.who = userName();
                recorder.emplace(project.toStdString(), options);
                labelId = storage::ensureLabelValue(recorder->db(), label);
            }
            // Each slice is committed as soon as it is segmented: a crash loses no slice it reported.
            auto onSlice = [&](int done, int total, const agent::PropagatedSlice& slice) {
                ctx.progress(static_cast<std::size_t>(done), static_cast<std::size_t>(total),
                             tr("Propagating: %1 slices").arg(done));
                // Paused: wait here, between slices, until resumed or cancelled.
                while (paused->load() && !ctx.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                if (!recorder) return;
                const storage::Id task = recorder->db().ensureTask(
                    *imageId, labelId, core::SliceRef{start.axis, slice.index}, request.target);
                storage::ActorInfo actor;
                actor.actor = core::Actor::Agent;
                actor.policy = slice.trajectory.policy;
                actor.tool = tool->name();
                actor.settingsJson =
                    "{\"propagation\": \"" + runId + "\", \"from\": \"" + start.toString() + "\"}";
                const storage::Id session = recorder->beginSession(task, actor);
                for (const auto& step : slice.trajectory.steps) recorder->appendStep(session, step);
                recorder->finishSession(session, slice.trajectory.outcome, core::encodeMask(slice.mask));
            };
            *result = agent::propagate(request, *tool, *policy, agent::PropagationConfig{}, onSlice,
                                       ctx.cancelFlag());
        },
        [=] {
            // One undo step: every propagated slice into the active label, locks and paint-over respected.
            if (!result->slices.empty()) {
                undo_.beginMacro(tr("Propagation (%n slice(s))", nullptr, int(result->slices.size())));
                for (const auto& slice : result->slices)
                    commitSliceMask(viewer_, brush_, undo_, core::SliceRef{start.axis, slice.index},
                                    slice.mask, value, tr("Propagated slice %1").arg(slice.index));
                undo_.endMacro();
            }
            std::vector<int> slices;
            for (const auto& slice : result->slices) slices.push_back(slice.index);
            review_.setRun(start.axis, start.index, value, std::move(slices), spec);
            Q_EMIT propagated(static_cast<int>(result->slices.size()), QString::fromStdString(result->stopUp),
                              QString::fromStdString(result->stopDown));
        });
}

void StudioModel::refreshProjectImages() {
    projectImages_.setImages(project_ ? project_->images() : std::vector<storage::ImageRecord>{});
    projectImages_.setCurrent(imageId_);
}

void StudioModel::rememberWindow() {
    if (!project_ || !imageId_ || task_.isRunning()) return;
    try {
        storage::setImageSetting(*project_, *imageId_, kWindowKey,
                                 windowText(viewer_.windowLevel()).toStdString());
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(tr("Cannot save the window"), QString::fromStdString(e.what()));
    }
}

}  // namespace medsam::ui
