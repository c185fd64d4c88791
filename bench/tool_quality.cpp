// tool-quality: how well a promptable segmenter serves a simulated annotator (docs/tools.md).
// Box = the reference's bounding box, then corrective clicks at the centre of the largest error region
// (positive for a miss, negative for a false positive), prompts accumulated and the previous mask fed back.
// Reports Dice after the box and after 1..10 clicks, and NoC@85/NoC@90 (clicks to reach that Dice, capped at
// 20), on real MRI (ITK example brain slices, the ventricle slice) and on synthetic phantoms with noise and
// weak edges.
//
//   tool-quality --data build/dev/test-data [--algorithm rw|ws] [--beta B] [--data-weight G]
//                [--prior-weight M] [--prior-radius MM] [--smoothing PX] [--seed-radius MM]
//                [--mode box|click] [--per-case] [--tool 1|2|3|4] [--cases standard|hard]
//                [--split all|dev|held] [--region-similarity S] [--region-edge E]
//                [--feature-stack 0|1] [--feature-gain G] [--fill-gaps 0|1] [--ct-data-smoothing PX]
//                [--sticky 0|1] [--rim-first 0|1] [--holes-only 0|1] [--ring-around 0|1]
//                (after --tool)
//                [--dump DIR] (PGMs: image | reference | prediction after the box, 1 and 5 clicks)
//                [--export DIR] (NIfTI cases + manifest.csv for eval)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "agent/tools/ClassicalSegmenter.h"
#include "core/image/SliceRef.h"
#include "core/io/NiftiWriter.h"
#include "core/io/VolumeIo.h"
#include "core/synthetic/Phantom.h"
#include "tests/support/HardCases.h"
#include "tests/support/SimulatedAnnotator.h"

using namespace medsam;

namespace {

constexpr int kMaxClicks = 20;

struct Case {
    std::string name;
    core::Image<float> image;
    core::Mask reference;
    bool heldOut = false;  // hard cases: never used to choose parameters
};

std::vector<Case> loadCases(const std::string& dataDir) {
    std::vector<Case> cases;
    const std::string d = dataDir + "/itk/Data/";
    try {
        const auto t1 = core::readVolume(d + "KmeansTest_T1UCharRaw.nii.gz").image;
        const auto labels = core::readVolume(d + "KmeansTest_T1RawSkullStrip.nii.gz").image;
        for (int k : {18, 24, 30, 36, 42}) {
            const core::SliceRef ref{2, k};
            Case c{"brain-k" + std::to_string(k), core::extractSlice(t1, ref), {}};
            const auto lab = core::extractSlice(labels, ref);
            c.reference = core::Mask(lab.geometry());
            for (std::size_t i = 0; i < lab.voxels().size(); ++i) {
                const float v = lab.voxels()[i];
                c.reference.voxels()[i] = v == 5.0f || v == 6.0f;  // brain = labels 5 and 6 (data-sources.md)
            }
            cases.push_back(std::move(c));
        }
        const auto pd = core::readVolume(d + "BrainProtonDensitySlice.png").image;
        const auto vent = core::readVolume(d + "VentricleModel.png").image;
        Case c{"ventricle", pd, core::Mask(vent.geometry())};
        for (std::size_t i = 0; i < vent.voxels().size(); ++i) c.reference.voxels()[i] = vent.voxels()[i] > 0;
        cases.push_back(std::move(c));
    } catch (const std::exception& e) {
        std::cerr << "tool-quality: cannot read the ITK example data under " << d << " (" << e.what()
                  << "); run packaging/fetch-data.sh " << dataDir << "\n";
        std::exit(2);
    }
    int seed = 1;
    for (double contrast : {40.0, 25.0}) {
        for (int rep = 0; rep < 2; ++rep, ++seed) {
            auto ph = test::makeLobedPhantom(192, static_cast<unsigned>(seed), contrast, 10.0, 1.5);
            cases.push_back({"phantom-c" + std::to_string(int(contrast)) + "-" + std::to_string(rep),
                             std::move(ph.image), std::move(ph.reference)});
        }
    }
    auto an = test::makeLobedPhantom(160, 99, 30.0, 10.0, 1.5, {0.7, 2.1, 1.0});
    cases.push_back({"phantom-aniso", std::move(an.image), std::move(an.reference)});
    // core/synthetic ellipses with a forced weak edge, a distractor and heavy noise (contrast 60-120, noise
    // 25).
    for (unsigned s = 0; s < 4; ++s) {
        auto spec = core::randomPhantomSpec({160, 160, 1}, {0.8, 0.8 + 0.4 * (s % 2), 1.0}, 100 + s);
        spec.weakEdge = true;
        spec.distractor = true;
        spec.noiseSigma = 25.0;
        auto ph = core::makePhantom2D(spec, 200 + s);
        cases.push_back({"ellipse-" + std::to_string(s), std::move(ph.volume.image), std::move(ph.target)});
    }
    return cases;
}

// The kinds of target issue 13 found hard (docs/tools.md). Every other case of a group is held out.
//  ring-*    MR-like hollow phantoms (exact labels), ring 3-8 mm thick, one anisotropic.
//  skullct-* axial head-CT phantoms in HU: the skull ring around the brain (exact labels).
//  ctbone    CT_small.dcm (pydicom), bone = HU >= 226, largest connected component.
//  small-*   small deep structures with weak edges in the real T1 slices (KmeansTest_T1UCharRaw.nii.gz,
//            2 x 2 mm): an ellipse 6-16 pixels across drawn near the brain's centre (see below).
std::vector<Case> loadHardCases(const std::string& dataDir) {
    std::vector<Case> cases;
    int i = 0;
    for (double thick : {4.0, 6.0, 3.0, 8.0}) {
        auto ph = test::makeRingPhantom(160, 300 + i, false, thick);
        cases.push_back(
            {"ring-" + std::to_string(i), std::move(ph.image), std::move(ph.reference), i % 2 == 1});
        ++i;
    }
    {
        auto ph = test::makeRingPhantom(160, 310, false, 5.0, {0.7, 1.4, 1.0});
        cases.push_back({"ring-aniso", std::move(ph.image), std::move(ph.reference), true});
    }
    i = 0;
    for (double thick : {6.0, 8.0, 5.0, 7.0}) {
        auto ph = test::makeRingPhantom(192, 400 + i, true, thick, {0.9, 0.9, 1.0});
        cases.push_back(
            {"skullct-" + std::to_string(i), std::move(ph.image), std::move(ph.reference), i % 2 == 1});
        ++i;
    }
    const std::string ct = dataDir + "/pydicom/test_files/CT_small.dcm";
    try {
        auto img = core::readVolume(ct).image;
        auto ref = test::ctBoneReference(img);
        cases.push_back({"ctbone-small", std::move(img), std::move(ref), false});
    } catch (const std::exception& e) {
        std::cerr << "tool-quality: cannot read " << ct << " (" << e.what() << ")\n";
        std::exit(2);
    }
    const std::string d = dataDir + "/itk/Data/";
    const auto t1 = core::readVolume(d + "KmeansTest_T1UCharRaw.nii.gz").image;
    const auto brainLabels = core::readVolume(d + "KmeansTest_T1RawSkullStrip.nii.gz").image;
    int picked = 0;
    std::mt19937 rng(500);
    for (int k : {20, 24, 28, 32, 36, 40}) {
        // The label map has no small deep structure of its own (labels 5 and 6 fill the brain without
        // islands), so one is drawn into the real slice: an ellipse 6-16 pixels across (12-32 mm) inside
        // the brain, 10-18 grey levels brighter or darker than the tissue it replaces (the T1's grey/white
        // contrast is about 30), with partial volume at its edge (4 x 4 supersampling). Exact label.
        const core::SliceRef sref{2, k};
        auto img = core::extractSlice(t1, sref);
        const auto lab = core::extractSlice(brainLabels, sref);
        double cx = 0, cy = 0, cnt = 0;
        for (int y = 0; y < lab.height(); ++y)
            for (int x = 0; x < lab.width(); ++x)
                if (lab.at(x, y) == 5.0f || lab.at(x, y) == 6.0f) cx += x, cy += y, ++cnt;
        if (cnt == 0) continue;
        cx /= cnt, cy /= cnt;
        const auto uni = [&]() { return core::unitClosed(rng); };
        const double ex = cx + (uni() - 0.5) * 20, ey = cy + (uni() - 0.5) * 20;
        const double ra = 3 + 5 * uni(), rb = 3 + 5 * uni();
        const double contrast = (uni() < 0.5 ? -1 : 1) * (10 + 8 * uni());
        core::Mask ref(img.geometry());
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                int inside = 0;
                for (int sy = 0; sy < 4; ++sy)
                    for (int sx = 0; sx < 4; ++sx) {
                        const double px = x - 0.375 + 0.25 * sx - ex, py = y - 0.375 + 0.25 * sy - ey;
                        inside += (px * px) / (ra * ra) + (py * py) / (rb * rb) <= 1.0;
                    }
                if (!inside) continue;
                img.at(x, y) = static_cast<float>(img.at(x, y) + contrast * inside / 16.0);
                ref.at(x, y) = inside >= 8;
            }
        cases.push_back({"small-k" + std::to_string(k), std::move(img), std::move(ref), picked % 2 == 1});
        ++picked;
    }
    return cases;
}

struct Run {
    std::vector<double> dice;  // dice[k] after k clicks (k = 0: the box alone, or nothing in click mode)
    int noc85 = kMaxClicks, noc90 = kMaxClicks;
    double msPerPredict = 0;
};

// Side-by-side PGM (image | reference | prediction) for looking at failures.
void dumpPgm(const std::string& path, const Case& c, const core::Mask& pred) {
    const int w = c.image.width(), h = c.image.height();
    float lo = c.image.voxels()[0], hi = lo;
    for (float v : c.image.voxels()) lo = std::min(lo, v), hi = std::max(hi, v);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    std::fprintf(f, "P5 %d %d 255\n", 3 * w, h);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x)
            std::fputc(static_cast<int>(255 * (c.image.at(x, y) - lo) / std::max(1e-6f, hi - lo)), f);
        for (int x = 0; x < w; ++x) std::fputc(c.reference.at(x, y) ? 255 : 0, f);
        for (int x = 0; x < w; ++x) std::fputc(pred.at(x, y) ? 255 : 0, f);
    }
    std::fclose(f);
}

std::string gDumpDir;

Run simulate(agent::PromptableSegmenter& seg, const Case& c, bool withBox, const std::string& key) {
    seg.setImage(c.image, key);
    Run run;
    agent::PromptSet prompts;
    core::Mask pred(c.reference.geometry());
    double ms = 0;
    int calls = 0;
    auto call = [&]() {
        agent::PredictOptions opt;
        core::Mask prev = pred;
        opt.previousMask = &prev;
        const auto t0 = std::chrono::steady_clock::now();
        pred = seg.predict(prompts, opt).mask;
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ++calls;
    };
    if (withBox) {
        prompts.box = test::boundingBox(c.reference);
        call();
    }
    run.dice.push_back(withBox ? test::dice(pred, c.reference) : 0.0);
    if (!gDumpDir.empty() && withBox) dumpPgm(gDumpDir + "/" + key + "-k0.pgm", c, pred);
    for (int k = 1; k <= kMaxClicks; ++k) {
        const auto click = test::nextClick(pred, c.reference, prompts.points);
        if (click) {
            prompts.points.push_back(*click);
            call();
        }
        run.dice.push_back(test::dice(pred, c.reference));
        if (!gDumpDir.empty() && (k == 1 || k == 5))
            dumpPgm(gDumpDir + "/" + key + "-k" + std::to_string(k) + ".pgm", c, pred);
    }
    for (int k = 0; k <= kMaxClicks; ++k) {
        if (run.dice[k] >= 0.85) {
            run.noc85 = k;
            break;
        }
    }
    for (int k = 0; k <= kMaxClicks; ++k) {
        if (run.dice[k] >= 0.90) {
            run.noc90 = k;
            break;
        }
    }
    run.msPerPredict = calls ? ms / calls : 0;
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    agent::ClassicalSegmenterOptions o;
    std::string dataDir = "build/dev/test-data", mode = "box", caseSet = "standard", split = "all", exportDir;
    bool perCase = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "tool-quality: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--data")
            dataDir = next();
        else if (a == "--algorithm") {
            const auto v = next();
            if (v != "rw" && v != "ws") {
                std::cerr << "tool-quality: --algorithm is rw or ws, not " << v << "\n";
                return 2;
            }
            o.algorithm = v == "rw" ? agent::ClassicalSegmenterOptions::Algorithm::RandomWalker
                                    : agent::ClassicalSegmenterOptions::Algorithm::Watershed;
        } else if (a == "--beta")
            o.beta = std::stod(next());
        else if (a == "--data-weight")
            o.dataWeight = std::stod(next());
        else if (a == "--prior-weight")
            o.priorWeight = std::stod(next());
        else if (a == "--prior-radius")
            o.priorRadiusMm = std::stod(next());
        else if (a == "--smoothing")
            o.smoothingSigmaPixels = std::stod(next());
        else if (a == "--seed-radius")
            o.seedRadiusMm = std::stod(next());
        else if (a == "--mode")
            mode = next();
        else if (a == "--per-case")
            perCase = true;
        else if (a == "--rounds")
            o.modelRounds = std::stoi(next());
        else if (a == "--data-smoothing")
            o.dataSmoothingSigmaPixels = std::stod(next());
        else if (a == "--box-core")
            o.boxCoreFraction = std::stod(next());
        else if (a == "--seed-similarity")
            o.seedSimilarity = std::stod(next());
        else if (a == "--point-margin")
            o.pointMarginMm = std::stod(next());
        else if (a == "--region-growth")
            o.maxRegionGrowth = std::stoi(next());
        else if (a == "--ws-prior")
            o.watershedPriorWeight = std::stod(next());
        else if (a == "--tool") {
            const auto v = next();
            if (v != "1" && v != "2" && v != "3" && v != "4") {
                std::cerr << "tool-quality: --tool is 1, 2, 3 or 4 (classical-rw/N), not " << v << "\n";
                return 2;
            }
            // Only the version switches: earlier parameter options keep their values.
            const auto tool = agent::classicalOptions(std::stoi(v));
            o.regionClicks = tool.regionClicks;
            o.huWindows = tool.huWindows;
            o.smallBoxPixels = tool.smallBoxPixels;
            o.objectScaledPrior = tool.objectScaledPrior;
            o.hollowBoneBox = tool.hollowBoneBox;
            o.featureStack = tool.featureStack;
            o.rimFirst = tool.rimFirst;
            o.negativeHolesOnly = tool.negativeHolesOnly;
            o.ringAroundAnswer = tool.ringAroundAnswer;
            o.fillGaps = tool.fillGaps;
            o.ctDataSmoothingSigmaPixels = tool.ctDataSmoothingSigmaPixels;
            o.smallBoxStickyPrior = tool.smallBoxStickyPrior;
        } else if (a == "--region-similarity")
            o.regionSimilarity = std::stod(next());
        else if (a == "--ring-around")
            o.ringAroundAnswer = std::stoi(next()) != 0;
        else if (a == "--region-edge")
            o.regionEdge = std::stod(next());
        else if (a == "--small-box")
            o.smallBoxPixels = static_cast<std::size_t>(std::stoul(next()));
        else if (a == "--small-box-weight")
            o.smallBoxPriorWeight = std::stod(next());
        else if (a == "--scaled-prior")
            o.objectScaledPrior = std::stoi(next()) != 0;
        else if (a == "--feature-stack")
            o.featureStack = std::stoi(next()) != 0;
        else if (a == "--feature-gain")
            o.featureGain = std::stod(next());
        else if (a == "--sticky")
            o.smallBoxStickyPrior = std::stoi(next()) != 0;
        else if (a == "--ct-data-smoothing")
            o.ctDataSmoothingSigmaPixels = std::stod(next());
        else if (a == "--fill-gaps")
            o.fillGaps = std::stoi(next()) != 0;
        else if (a == "--holes-only")
            o.negativeHolesOnly = std::stoi(next()) != 0;
        else if (a == "--rim-first")
            o.rimFirst = std::stoi(next()) != 0;
        else if (a == "--cases")
            caseSet = next();
        else if (a == "--split")
            split = next();
        else if (a == "--export")
            exportDir = next();
        else if (a == "--dump")
            gDumpDir = next();
        else {
            std::cerr << "tool-quality: unknown argument " << a << " (see the comment at the top of "
                      << "bench/tool_quality.cpp)\n";
            return 2;
        }
    }
    if (mode != "box" && mode != "click") {
        std::cerr << "tool-quality: --mode is box or click\n";
        return 2;
    }
    if (caseSet != "standard" && caseSet != "hard") {
        std::cerr << "tool-quality: --cases is standard or hard\n";
        return 2;
    }
    if (split != "all" && split != "dev" && split != "held") {
        std::cerr << "tool-quality: --split is all, dev or held\n";
        return 2;
    }
    std::vector<Case> cases;
    for (auto& c : caseSet == "standard" ? loadCases(dataDir) : loadHardCases(dataDir))
        if (split == "all" || (split == "held") == c.heldOut) cases.push_back(std::move(c));
    if (!exportDir.empty()) {
        // The selected cases as NIfTI files plus a manifest for `medsam-agent eval --manifest`.
        std::FILE* m = std::fopen((exportDir + "/manifest.csv").c_str(), "w");
        if (!m) {
            std::cerr << "tool-quality: cannot write " << exportDir << "/manifest.csv\n";
            return 2;
        }
        std::fprintf(m, "image,label,label_value,target,axis,slice\n");
        for (const auto& c : cases) {
            core::writeNifti(exportDir + "/" + c.name + "-image.nii.gz", c.image);
            core::writeNifti(exportDir + "/" + c.name + "-label.nii.gz", c.reference);
            std::fprintf(m, "%s-image.nii.gz,%s-label.nii.gz,1,%s,axial,0\n", c.name.c_str(), c.name.c_str(),
                         c.name.substr(0, c.name.find('-')).c_str());
        }
        std::fclose(m);
        std::printf("wrote %zu cases and %s/manifest.csv\n", cases.size(), exportDir.c_str());
        return 0;
    }
    agent::ClassicalSegmenter seg(o);
    std::printf("cases %s (%s, %zu), ", caseSet.c_str(), split.c_str(), cases.size());
    std::printf("tool %s, mode %s, beta %g, data %g, prior %g/%gmm, smoothing %g, seed %gmm\n",
                seg.name().c_str(), mode.c_str(), o.beta, o.dataWeight, o.priorWeight, o.priorRadiusMm,
                o.smoothingSigmaPixels, o.seedRadiusMm);
    std::printf("%-18s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s %5s %5s %7s\n", "case", "k=0", "1", "2",
                "3", "4", "5", "6", "7", "8", "9", "10", "NoC85", "NoC90", "ms/call");
    std::map<std::string, std::vector<Run>> groups;
    std::vector<Run> all;
    for (const auto& c : cases) {
        const Run r = simulate(seg, c, mode == "box", c.name);
        all.push_back(r);
        groups[c.name.substr(0, c.name.find('-'))].push_back(r);
        if (perCase) {
            std::printf("%-18s", c.name.c_str());
            for (int k = 0; k <= 10; ++k) std::printf(" %6.3f", r.dice[k]);
            std::printf(" %5d %5d %7.2f\n", r.noc85, r.noc90, r.msPerPredict);
        }
    }
    auto printMean = [](const std::string& name, const std::vector<Run>& runs) {
        std::printf("%-18s", ("mean " + name).c_str());
        for (int k = 0; k <= 10; ++k) {
            double s = 0;
            for (const auto& r : runs) s += r.dice[k];
            std::printf(" %6.3f", s / runs.size());
        }
        double n85 = 0, n90 = 0, ms = 0;
        for (const auto& r : runs) n85 += r.noc85, n90 += r.noc90, ms += r.msPerPredict;
        std::printf(" %5.2f %5.2f %7.2f\n", n85 / runs.size(), n90 / runs.size(), ms / runs.size());
    };
    for (const auto& [name, runs] : groups) printMean(name + " (" + std::to_string(runs.size()) + ")", runs);
    printMean("all (" + std::to_string(all.size()) + ")", all);
    return 0;
}
