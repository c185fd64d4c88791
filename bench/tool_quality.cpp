// tool-quality: how well a promptable segmenter serves a simulated annotator (docs/tools.md).
// Box = the reference's bounding box, then corrective clicks at the centre of the largest error region
// (positive for a miss, negative for a false positive), prompts accumulated and the previous mask fed back.
// Reports Dice after the box and after 1..10 clicks, and NoC@85/NoC@90 (clicks to reach that Dice, capped at
// 20), on real MRI (ITK example brain slices, the ventricle slice) and on synthetic phantoms with noise and
// weak edges.
//
//   tool-quality --data build/dev/test-data [--algorithm rw|ws] [--beta B] [--data-weight G] [--prior-weight
//   M]
//                [--prior-radius MM] [--smoothing PX] [--seed-radius MM] [--mode box|click] [--per-case]
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkNiftiImageIOFactory.h>
#include <itkPNGImageIOFactory.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "agent/tools/ClassicalSegmenter.h"
#include "core/image/SliceRef.h"
#include "tests/support/SimulatedAnnotator.h"

using namespace medsam;

namespace {

constexpr int kMaxClicks = 20;

struct Case {
    std::string name;
    core::Image<float> image;
    core::Mask reference;
};

template <unsigned D>
typename itk::Image<float, D>::Pointer readItk(const std::string& path) {
    auto reader = itk::ImageFileReader<itk::Image<float, D>>::New();
    reader->SetFileName(path);
    reader->Update();
    return reader->GetOutput();
}

core::Image<float> toImage(itk::Image<float, 3>* img) {
    core::ImageGeometry g;
    const auto size = img->GetLargestPossibleRegion().GetSize();
    for (int a = 0; a < 3; ++a) {
        g.size[a] = static_cast<int>(size[a]);
        g.spacing[a] = img->GetSpacing()[a];
        g.origin[a] = img->GetOrigin()[a];
        for (int b = 0; b < 3; ++b) g.direction[a * 3 + b] = img->GetDirection()(a, b);
    }
    const float* p = img->GetBufferPointer();
    return core::Image<float>(g, std::vector<float>(p, p + g.voxelCount()));
}

core::Image<float> toImage(itk::Image<float, 2>* img) {
    core::ImageGeometry g;
    const auto size = img->GetLargestPossibleRegion().GetSize();
    g.size = {static_cast<int>(size[0]), static_cast<int>(size[1]), 1};
    g.spacing = {img->GetSpacing()[0], img->GetSpacing()[1], 1.0};
    const float* p = img->GetBufferPointer();
    return core::Image<float>(g, std::vector<float>(p, p + g.voxelCount()));
}

std::vector<Case> loadCases(const std::string& dataDir) {
    std::vector<Case> cases;
    const std::string d = dataDir + "/itk/Data/";
    try {
        const auto t1 = toImage(readItk<3>(d + "KmeansTest_T1UCharRaw.nii.gz").GetPointer());
        const auto labels = toImage(readItk<3>(d + "KmeansTest_T1RawSkullStrip.nii.gz").GetPointer());
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
        const auto pd = toImage(readItk<2>(d + "BrainProtonDensitySlice.png").GetPointer());
        const auto vent = toImage(readItk<2>(d + "VentricleModel.png").GetPointer());
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
            auto ph = test::makePhantom(192, static_cast<unsigned>(seed), contrast, 10.0, 1.5);
            cases.push_back({"phantom-c" + std::to_string(int(contrast)) + "-" + std::to_string(rep),
                             std::move(ph.image), std::move(ph.reference)});
        }
    }
    auto an = test::makePhantom(160, 99, 30.0, 10.0, 1.5, {0.7, 2.1, 1.0});
    cases.push_back({"phantom-aniso", std::move(an.image), std::move(an.reference)});
    return cases;
}

struct Run {
    std::vector<double> dice;  // dice[k] after k clicks (k = 0: the box alone, or nothing in click mode)
    int noc85 = kMaxClicks, noc90 = kMaxClicks;
    double msPerPredict = 0;
};

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
    for (int k = 1; k <= kMaxClicks; ++k) {
        const auto click = test::nextClick(pred, c.reference, prompts.points);
        if (click) {
            prompts.points.push_back(*click);
            call();
        }
        run.dice.push_back(test::dice(pred, c.reference));
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
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::PNGImageIOFactory::RegisterOneFactory();
    agent::ClassicalSegmenterOptions o;
    std::string dataDir = "build/dev/test-data", mode = "box";
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
    const auto cases = loadCases(dataDir);
    agent::ClassicalSegmenter seg(o);
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
