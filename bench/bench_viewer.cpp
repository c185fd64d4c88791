// The viewer's hot paths: drawing a slice with its label overlay (what every scroll step costs), the whole
// redraw of a view as the widget does it (render + QPainter scaling into the viewport), and the 3D view's
// surface extraction. Redraw figures carry per-redraw p50/p99 counters: scrolling must stay at 60 fps.
#include <benchmark/benchmark.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include "core/io/VolumeIo.h"
#include "core/render/DisplaySlice.h"
#include "ui/commands/LabelEditCommand.h"
#include "ui/model/AgentPanelModel.h"
#include "ui/model/AiPromptModel.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/SliceViewModel.h"
#include "ui/view3d/LabelSurfaces.h"

using namespace medsam;

namespace {

// A w x h x d volume with smooth intensities and a spherical label (value 1) plus a shell (value 2).
struct Scene {
    std::shared_ptr<core::Volume> volume = std::make_shared<core::Volume>();
    std::shared_ptr<core::LabelMap> labels = std::make_shared<core::LabelMap>();
};

Scene makeScene(int w, int h, int d) {
    core::ImageGeometry g;
    g.size = {w, h, d};
    g.spacing = {0.8, 0.8, 2.5};
    Scene s;
    s.volume->image = core::Image<float>(g);
    s.labels->labels = core::Image<std::uint16_t>(g, 0);
    const double cx = w / 2.0, cy = h / 2.0, cz = d / 2.0, r = std::min(w, h) / 3.0;
    for (int k = 0; k < d; ++k)
        for (int j = 0; j < h; ++j)
            for (int i = 0; i < w; ++i) {
                s.volume->image.at(i, j, k) = float(100 + 50 * std::sin(i * 0.05) * std::cos(j * 0.07) + k);
                const double dist = std::hypot(i - cx, j - cy, (k - cz) * 2.5 / 0.8);
                s.labels->labels.at(i, j, k) = dist < r ? 1 : (dist < r + 6 ? 2 : 0);
            }
    return s;
}

// The scene as the viewer shows it (window fixed, so no percentile pass).
void showScene(ui::ViewerModel& viewer, const Scene& s) {
    ui::LoadedImage loaded;
    loaded.volume = s.volume;
    loaded.autoWindow = core::WindowLevel::fromRange(50, 160);
    viewer.setImage(loaded);
}

void reportPercentiles(benchmark::State& state, std::vector<double>& ms) {
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return;
    state.counters["p50_ms"] = ms[ms.size() / 2];
    state.counters["p99_ms"] = ms[std::min(ms.size() - 1, static_cast<std::size_t>(ms.size() * 0.99))];
}

// core/render alone: one axial slice, grey + filled overlay.
void BM_RenderDisplaySlice(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const Scene s = makeScene(n, n, 8);
    core::LabelColorTable colors(3);
    colors[1] = {255, 0, 0, 255};
    colors[2] = {0, 255, 0, 255};
    const auto axes = core::displayAxes(s.volume->image.geometry(), core::AnatomicalPlane::Axial);
    const core::WindowLevel window = core::WindowLevel::fromRange(50, 160);
    const bool outline = state.range(1) != 0;
    std::vector<double> ms;
    int slice = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        auto picture = core::renderDisplaySlice(s.volume->image, &s.labels->labels, colors, axes, slice,
                                                window, {0.5, outline});
        benchmark::DoNotOptimize(picture.rgb.data());
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        slice = (slice + 1) % 8;
    }
    reportPercentiles(state, ms);
}
BENCHMARK(BM_RenderDisplaySlice)->Args({512, 0})->Args({512, 1})->Unit(benchmark::kMillisecond);

// What one scroll step costs the slice view: the presenter renders the new slice, QPainter scales it into an
// 800x800 viewport (the widget's paintEvent without the window system).
void BM_ScrollRedraw(benchmark::State& state, const Scene& s, core::AnatomicalPlane plane) {
    ui::ViewerModel viewer;
    ui::LoadedImage loaded;
    loaded.volume = s.volume;
    loaded.autoWindow = core::WindowLevel::fromRange(50, 160);
    viewer.setImage(loaded);
    viewer.setLabelMap(s.labels);
    ui::SliceViewModel view(plane, &viewer);
    view.setViewportSize(QSizeF(800, 800));
    QImage target(800, 800, QImage::Format_RGB32);
    std::vector<double> ms;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        view.scrollSlices(view.sliceIndex() + 1 >= view.sliceCount() ? -view.sliceIndex() : 1);
        QPainter painter(&target);
        painter.fillRect(target.rect(), Qt::black);
        painter.setTransform(view.imageToScreen());
        painter.drawImage(QPointF(0, 0), view.image());
        painter.end();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    reportPercentiles(state, ms);
}

void BM_ScrollRedraw512(benchmark::State& state) {
    static const Scene s = makeScene(512, 512, 40);
    BM_ScrollRedraw(state, s, core::AnatomicalPlane::Axial);
}
BENCHMARK(BM_ScrollRedraw512)->Unit(benchmark::kMillisecond);

void BM_ScrollRedrawT1(benchmark::State& state) {
    const char* data = std::getenv("MEDSAM_TEST_DATA");
    if (!data) {
        state.SkipWithError("MEDSAM_TEST_DATA not set (bench/run-all.sh sets it)");
        return;
    }
    static const Scene s = [data] {
        Scene t;
        *t.volume = core::readVolume(std::string(data) + "/itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        *t.labels = core::readLabelMap(std::string(data) + "/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
        return t;
    }();
    BM_ScrollRedraw(state, s, static_cast<core::AnatomicalPlane>(state.range(0)));
}
BENCHMARK(BM_ScrollRedrawT1)->Arg(2)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// The 3D view's work when a label map arrives: every label of the T1 brain mask, smoothed and placed.
void BM_SurfaceExtractionT1(benchmark::State& state) {
    const char* data = std::getenv("MEDSAM_TEST_DATA");
    if (!data) {
        state.SkipWithError("MEDSAM_TEST_DATA not set (bench/run-all.sh sets it)");
        return;
    }
    const core::LabelMap labels =
        core::readLabelMap(std::string(data) + "/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
    std::size_t triangles = 0;
    for (auto _ : state) {
        const auto surfaces = ui::extractLabelSurfaces(labels.labels, {4, 5, 6});
        triangles = 0;
        for (const auto& s : surfaces) triangles += static_cast<std::size_t>(s.mesh->GetNumberOfPolys());
    }
    state.counters["triangles"] = static_cast<double>(triangles);
}
BENCHMARK(BM_SurfaceExtractionT1)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// Undo memory and time on a 512x512x300 map: 200 brush strokes (a 20-voxel round brush dragged 60 voxels),
// each one undo step; then every step undone and redone. Counters: bytes of undo per step, ms per undo/redo
// step.
void BM_UndoDeltas512x512x300(benchmark::State& state) {
    core::ImageGeometry g;
    g.size = {512, 512, 300};
    ui::ViewerModel viewer;
    ui::LoadedImage loaded;
    auto volume = std::make_shared<core::Volume>();
    volume->image = core::Image<float>(g, 0.0f);
    loaded.volume = volume;
    viewer.setImage(loaded);
    for (auto _ : state) {
        QUndoStack undo;
        ui::PaintbrushModel brush(&viewer, &undo);
        brush.setTool(ui::PaintbrushModel::Tool::Brush);
        brush.setSize(20);
        const auto axes = core::displayAxes(g, core::AnatomicalPlane::Axial);
        std::size_t bytes = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int s = 0; s < 200; ++s) {
            const int x = 40 + (s * 37) % 400, y = 40 + (s * 53) % 400, z = (s * 7) % 300;
            brush.setActiveLabel(static_cast<std::uint16_t>(1 + s % 4));
            brush.beginStroke(axes, {x, y, z});
            brush.continueStroke({x + 60, y + 20, z});
            brush.endStroke();
            bytes += static_cast<const ui::LabelEditCommand*>(undo.command(undo.count() - 1))
                         ->delta()
                         .memoryBytes();
        }
        const auto t1 = std::chrono::steady_clock::now();
        while (undo.canUndo()) undo.undo();
        const auto t2 = std::chrono::steady_clock::now();
        while (undo.canRedo()) undo.redo();
        const auto t3 = std::chrono::steady_clock::now();
        const double steps = undo.count();
        state.counters["undo_bytes_per_step"] = bytes / steps;
        state.counters["undo_total_MiB"] = bytes / 1048576.0;
        state.counters["stroke_ms"] = std::chrono::duration<double, std::milli>(t1 - t0).count() / steps;
        state.counters["undo_ms_per_step"] =
            std::chrono::duration<double, std::milli>(t2 - t1).count() / steps;
        state.counters["redo_ms_per_step"] =
            std::chrono::duration<double, std::milli>(t3 - t2).count() / steps;
        state.counters["whole_map_copy_MiB"] = 512.0 * 512 * 300 * 2 / 1048576.0;
    }
}
BENCHMARK(BM_UndoDeltas512x512x300)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

namespace {

// A click answered and drawn: from AiPromptModel::addPoint on a 512x512 slice (its features already cached,
// as when the slice was shown) to the preview image the slice view paints, through the worker thread and the
// event loop, with the weight-free default tool. The exchange's box came first (not timed).
void BM_PromptToPreview512(benchmark::State& state) {
    static const Scene s = makeScene(512, 512, 1);
    ui::ViewerModel viewer;
    showScene(viewer, s);
    QUndoStack undo;
    ui::PaintbrushModel brush(&viewer, &undo);
    ui::AiPromptModel ai(&viewer, &brush, &undo);
    ui::SliceViewModel view(core::AnatomicalPlane::Axial, &viewer);
    view.setAiPrompt(&ai);
    int answered = 0;
    QObject::connect(&ai, &ui::AiPromptModel::answered, [&answered] { ++answered; });
    auto waitAnswer = [&](int count) {
        while (answered < count) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    };
    const core::SliceRef slice{2, 0};
    ai.addBox(slice, 120, 120, 390, 390);
    waitAnswer(1);
    std::vector<double> ms;
    int click = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        ai.addPoint(slice, 150 + (click * 37) % 200, 150 + (click * 53) % 200, click % 3 != 2);
        waitAnswer(2 + click);
        benchmark::DoNotOptimize(view.aiOverlay().preview.constBits());
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        ++click;
    }
    reportPercentiles(state, ms);
}
BENCHMARK(BM_PromptToPreview512)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

namespace {

// The UI thread while the agent runs (expert policy, 10 turns, classical tool, 512x512 slice): the longest
// gap between 1 ms timer ticks on the UI thread from Run to the end of the episode. Target: under 50 ms.
void BM_UiGapDuringAgentRun(benchmark::State& state) {
    static const Scene s = makeScene(512, 512, 1);
    ui::ViewerModel viewer;
    showScene(viewer, s);
    viewer.setLabelMap(s.labels);  // the reference: label 1, a disc
    QUndoStack undo;
    ui::PaintbrushModel brush(&viewer, &undo);
    ui::AiPromptModel ai(&viewer, &brush, &undo);
    ui::AgentPanelModel agent(&viewer, &ai);
    agent.spec().policy = "box-clicks";
    agent.spec().boxClicks = 10;
    agent.setReferenceValues({1});  // Dice per step, as in a run with a reference
    agent.setMaxTurns(11);
    int answered = 0;
    QObject::connect(&ai, &ui::AiPromptModel::answered, [&answered] { ++answered; });
    std::vector<double> gaps;
    std::size_t steps = 0;
    for (auto _ : state) {
        ai.reject();
        ai.addBox({2, 0}, 40, 40, 470, 470);  // wider than the disc: the clicks never cover the whole box
        const int want = answered + 1;
        while (answered < want) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        double longest = 0.0;
        auto last = std::chrono::steady_clock::now();
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, [&] {
            const auto now = std::chrono::steady_clock::now();
            longest = std::max(longest, std::chrono::duration<double, std::milli>(now - last).count());
            last = now;
        });
        tick.start(1);
        agent.run();
        while (agent.state() != ui::AgentPanelModel::State::Finished)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        tick.stop();
        gaps.push_back(longest);
        steps = agent.timeline()->steps().size();
    }
    std::sort(gaps.begin(), gaps.end());
    state.counters["max_gap_ms_median"] = gaps[gaps.size() / 2];
    state.counters["max_gap_ms_worst"] = gaps.back();
    state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_UiGapDuringAgentRun)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
