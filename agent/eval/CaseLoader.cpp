#include "agent/eval/CaseLoader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "core/image/SliceRef.h"
#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"

namespace medsam::agent {

int largestSlice(const core::Image<std::uint16_t>& labels, const std::vector<std::uint16_t>& values,
                 int axis) {
    if (axis < 0 || axis > 2) throw std::invalid_argument("largestSlice: axis must be 0, 1 or 2");
    std::vector<std::size_t> area(static_cast<std::size_t>(labels.size()[axis]), 0);
    for (int k = 0; k < labels.depth(); ++k)
        for (int j = 0; j < labels.height(); ++j)
            for (int i = 0; i < labels.width(); ++i) {
                const auto v = labels.at(i, j, k);
                if (v && std::find(values.begin(), values.end(), v) != values.end()) {
                    const int idx[3] = {i, j, k};
                    ++area[static_cast<std::size_t>(idx[axis])];
                }
            }
    const auto best = std::max_element(area.begin(), area.end());
    if (best == area.end() || *best == 0) return -1;
    return static_cast<int>(best - area.begin());
}

core::SliceRef parseSliceSpec(const std::string& text, const core::ImageGeometry& geometry) {
    const auto colon = text.find(':');
    const std::string usage = "--slice '" + text +
                              "': expected AXIS:INDEX with AXIS axial, coronal, sagittal, "
                              "i, j or k (e.g. axial:30)";
    if (colon == std::string::npos) throw std::invalid_argument(usage);
    std::string axis = text.substr(0, colon);
    std::transform(axis.begin(), axis.end(), axis.begin(), [](unsigned char ch) { return std::tolower(ch); });
    core::SliceRef ref;
    if (axis == "i" || axis == "0") {
        ref.axis = 0;
    } else if (axis == "j" || axis == "1") {
        ref.axis = 1;
    } else if (axis == "k" || axis == "2") {
        ref.axis = 2;
    } else if (const auto plane = core::parseAnatomicalPlane(axis)) {
        ref.axis = core::indexAxisForPlane(geometry, *plane);
    } else {
        throw std::invalid_argument(usage);
    }
    try {
        std::size_t used = 0;
        ref.index = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
        throw std::invalid_argument(usage);
    }
    core::checkSlice(geometry, ref);
    return ref;
}

LoadedCase loadCase(const ManifestCase& c, const CaseLoadOptions& options) {
    const core::Volume volume = core::readVolume(c.image);
    core::requireUniformSlices(volume, c.image);
    const core::LabelMap labels = core::readLabelMap(c.label);
    core::checkSameGrid(volume.image.geometry(), labels.labels.geometry(), c.image, c.label);

    LoadedCase out;
    out.volumeGeometry = volume.image.geometry();
    const std::string where = "manifest row " + std::to_string(c.row) + " (" + c.image + "): ";
    if (volume.image.is2D()) {
        out.slice = {2, 0};
        out.axisName = "2d";
    } else {
        out.slice.axis = core::indexAxisForPlane(volume.image.geometry(), c.plane);
        out.axisName = core::toString(c.plane);
        if (c.slice) {
            out.slice.index = *c.slice;
        } else {
            out.slice.index = largestSlice(labels.labels, c.labelValues, out.slice.axis);
            if (out.slice.index < 0) {
                throw std::invalid_argument(where + "the label map holds none of the label values");
            }
        }
        try {
            core::checkSlice(volume.image.geometry(), out.slice);
        } catch (const std::exception& e) {
            throw std::invalid_argument(where + e.what());
        }
    }
    EpisodeRequest& r = out.request;
    r.slice = core::extractSlice(volume.image, out.slice);
    r.appearance = core::sliceAppearance(volume, out.slice);
    r.reference = core::maskForValues(core::extractSlice(labels.labels, out.slice), c.labelValues);
    r.reference = core::Mask(r.slice.geometry(), std::move(r.reference->voxels()));
    out.emptyReference = std::none_of(r.reference->voxels().begin(), r.reference->voxels().end(),
                                      [](std::uint8_t v) { return v != 0; });
    r.task.imagePath = c.image;
    r.task.slice = out.slice;
    r.task.target = c.target;
    r.task.labelValues = c.labelValues;
    r.cacheKey = c.image + "#" + out.slice.toString();
    r.seed = options.seed * 1000003ULL + static_cast<std::uint64_t>(c.row);
    if (!out.emptyReference) {
        std::mt19937 rng(static_cast<std::uint32_t>(r.seed ^ 0x5bd1e995U));
        if (const auto box = core::boxFromMask(*r.reference, options.initialBoxJitter, rng)) {
            r.initialPrompt = core::toAction(*box);
        }
    }
    return out;
}

namespace {

// The series `choice` names (UID or 1-based position in scanDicom's order, as `info` lists them).
core::Volume readChosenSeries(const std::string& path, const std::string& choice) {
    const core::DicomScan scan = core::scanDicom(path);
    std::vector<std::size_t> matches;
    for (std::size_t i = 0; i < scan.series.size(); ++i) {
        if (scan.series[i].seriesInstanceUid == choice) matches.push_back(i);
    }
    if (matches.empty() && !choice.empty() &&
        std::all_of(choice.begin(), choice.end(), [](unsigned char c) { return std::isdigit(c); }) &&
        choice.size() < 9) {
        const std::size_t n = std::stoul(choice);
        if (n >= 1 && n <= scan.series.size()) matches.push_back(n - 1);
    }
    std::string list;
    for (std::size_t i = 0; i < scan.series.size(); ++i)
        list += "\n  " + std::to_string(i + 1) + ": " + scan.series[i].describe();
    if (matches.size() != 1) {
        throw std::invalid_argument("--series '" + choice + "': " +
                                    (matches.empty()
                                         ? "no series of " + path + " has this UID or position"
                                         : "several volumes share this UID; give the position instead") +
                                    "; the series are:" + list);
    }
    return core::loadDicomSeries(scan.series[matches.front()]);
}

// The user's box or click must touch the slice: clamping a box wholly outside gave an empty box silently.
void requirePromptOnSlice(const core::Action& prompt, const core::Image<float>& slice) {
    const double w = slice.size()[0], h = slice.size()[1];
    const bool box = prompt.kind == core::ActionKind::Box;
    const double lx = std::min(prompt.x0, prompt.x1), hx = std::max(prompt.x0, prompt.x1);
    const double ly = std::min(prompt.y0, prompt.y1), hy = std::max(prompt.y0, prompt.y1);
    if (hx < 0 || hy < 0 || lx > w - 1 || ly > h - 1) {
        char text[256];
        std::snprintf(text, sizeof text,
                      "%s %g,%g%s lies wholly outside the %dx%d slice (pixels 0..%d, 0..%d)",
                      box ? "--box" : "--point", prompt.x0, prompt.y0,
                      box ? ("," + std::to_string(prompt.x1) + "," + std::to_string(prompt.y1)).c_str() : "",
                      int(w), int(h), int(w) - 1, int(h) - 1);
        throw std::invalid_argument(text);
    }
}

}  // namespace

core::Volume readSegmentImage(const SegmentInput& input) {
    return input.series.empty() ? core::readVolume(input.image) : readChosenSeries(input.image, input.series);
}

LoadedCase loadSegmentInput(const SegmentInput& input, const CaseLoadOptions& options) {
    const core::Volume volume = readSegmentImage(input);
    core::requireUniformSlices(volume, input.image);  // a wrong grid would be a wrong mask
    std::optional<core::LabelMap> labels;
    if (!input.label.empty()) {
        if (input.labelValues.empty()) throw std::invalid_argument("--reference needs --label-value N");
        labels = core::readLabelMap(input.label);
        core::checkSameGrid(volume.image.geometry(), labels->labels.geometry(), input.image, input.label);
    }
    LoadedCase out;
    out.volumeGeometry = volume.image.geometry();
    if (volume.image.is2D()) {
        out.slice = {2, 0};
        out.axisName = "2d";
        if (!input.sliceSpec.empty()) out.slice = parseSliceSpec(input.sliceSpec, volume.image.geometry());
    } else if (!input.sliceSpec.empty()) {
        out.slice = parseSliceSpec(input.sliceSpec, volume.image.geometry());
        out.axisName = input.sliceSpec.substr(0, input.sliceSpec.find(':'));
    } else {
        out.slice.axis = core::indexAxisForPlane(volume.image.geometry(), core::AnatomicalPlane::Axial);
        out.axisName = "axial";
        out.slice.index = volume.image.size()[out.slice.axis] / 2;
        if (labels) {
            const int largest = largestSlice(labels->labels, input.labelValues, out.slice.axis);
            if (largest < 0)
                throw std::invalid_argument(input.label + ": holds none of the --label-value values");
            out.slice.index = largest;
        }
    }
    EpisodeRequest& r = out.request;
    r.slice = core::extractSlice(volume.image, out.slice);
    r.appearance = core::sliceAppearance(volume, out.slice);
    r.task.imagePath = input.image;
    r.task.slice = out.slice;
    r.task.target = input.target;
    r.task.labelValues = input.labelValues;
    r.cacheKey = input.image + "#" + out.slice.toString();
    r.seed = options.seed;
    r.initialPrompt = input.initialPrompt;
    if (r.initialPrompt) requirePromptOnSlice(*r.initialPrompt, r.slice);
    if (labels) {
        r.reference = core::Mask(
            r.slice.geometry(),
            core::maskForValues(core::extractSlice(labels->labels, out.slice), input.labelValues).voxels());
        out.emptyReference = std::none_of(r.reference->voxels().begin(), r.reference->voxels().end(),
                                          [](std::uint8_t v) { return v != 0; });
        if (!r.initialPrompt && !out.emptyReference) {
            std::mt19937 rng(static_cast<std::uint32_t>(options.seed ^ 0x5bd1e995U));
            if (const auto box = core::boxFromMask(*r.reference, options.initialBoxJitter, rng)) {
                r.initialPrompt = core::toAction(*box);
            }
        }
    }
    return out;
}

void writeSliceMask(const std::string& path, const core::ImageGeometry& volumeGeometry,
                    const core::SliceRef& slice, const core::Mask& mask, std::uint16_t value) {
    core::LabelMap labels;
    labels.labels = core::Image<std::uint16_t>(volumeGeometry);
    core::Image<std::uint16_t> sliceLabels(mask.geometry());
    for (std::size_t n = 0; n < mask.voxels().size(); ++n)
        sliceLabels.voxels()[n] = mask.voxels()[n] ? value : 0;
    core::insertSlice(labels.labels, slice, sliceLabels);
    core::LabelInfo info;
    info.value = value;
    info.name = "agent";
    labels.table.push_back(info);
    core::writeLabelMap(labels, path);
}

}  // namespace medsam::agent
