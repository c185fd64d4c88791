#include <QtTest>

#include "agent/policies/PolicyTensorCodec.h"

using namespace medsam;
using namespace medsam::agent;

namespace {

core::ImageGeometry geometry(int w, int h) {
    core::ImageGeometry g;
    g.size = {w, h, 1};
    return g;
}

float at(const std::vector<float>& input, const PolicySpec& spec, int channel, int u, int v) {
    return input[(static_cast<std::size_t>(channel) * spec.height + v) * spec.width + u];
}

float channelSum(const std::vector<float>& input, const PolicySpec& spec, int channel) {
    const std::size_t plane = static_cast<std::size_t>(spec.width) * spec.height;
    float sum = 0;
    for (std::size_t i = 0; i < plane; ++i) sum += input[channel * plane + i];
    return sum;
}

PolicyError::Kind errorKind(const std::function<void()>& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const PolicyError& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    throw std::runtime_error("expected a PolicyError");
}

}  // namespace

class TestPolicyTensorCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sidecarRoundTripsAndIsValidated() {
        PolicySpec spec;
        spec.height = 128;
        spec.width = 96;
        spec.clickRadius = 2;
        spec.lowPercentile = 1;
        const PolicySpec back = PolicySpec::fromJson(spec.toJson(), "x.json");
        QCOMPARE(back.height, 128);
        QCOMPARE(back.width, 96);
        QCOMPARE(back.clickRadius, 2);
        QCOMPARE(back.lowPercentile, 1.0);
        QCOMPARE(back.highPercentile, 99.5);
        // Defaults when only the header is given.
        QCOMPARE(PolicySpec::fromJson(R"({"format": "medsam-policy", "version": 1})", "x.json").width, 256);

        std::string message;
        for (
            const char* bad :
            {"not json", R"({"version": 1})", R"({"format": "medsam-policy", "version": 3})",
             R"({"format": "medsam-policy", "version": 1, "input_size": [4, 4]})",
             R"({"format": "medsam-policy", "version": 1, "input_size": "big"})",
             R"({"format": "medsam-policy", "version": 1, "channels": ["mask", "slice"]})",
             R"({"format": "medsam-policy", "version": 1, "actions": ["stop"]})",
             R"({"format": "medsam-policy", "version": 1, "click_radius": -1})",
             R"({"format": "medsam-policy", "version": 1, "normalisation": {"low_percentile": 60, "high_percentile": 50}})"}) {
            QVERIFY2(errorKind([&] { PolicySpec::fromJson(bad, "dir/policy.json"); }, &message) ==
                         PolicyError::Kind::Backend,
                     bad);
            QVERIFY2(message.find("dir/policy.json") != std::string::npos, message.c_str());
        }
    }

    void pixelMappingsArePixelCentreAligned() {
        // 512 -> 256: model cell u covers slice pixels 2u and 2u + 1; its centre is at slice 2u + 0.5.
        QCOMPARE(modelToSlice(0, 256, 512), 0.5);
        QCOMPARE(modelToSlice(255, 256, 512), 510.5);
        QCOMPARE(sliceToModelCell(0, 512, 256), 0);
        QCOMPARE(sliceToModelCell(1, 512, 256), 0);
        QCOMPARE(sliceToModelCell(2, 512, 256), 1);
        QCOMPARE(sliceToModelCell(511, 512, 256), 255);
        QCOMPARE(sliceToModelCell(-3, 512, 256), 0);
        QCOMPARE(sliceToModelCell(900, 512, 256), 255);
        // Every model cell's centre maps back into that cell.
        for (const int slice : {100, 256, 300, 512, 777})
            for (int u = 0; u < 256; ++u)
                QCOMPARE(sliceToModelCell(modelToSlice(u, 256, slice), slice, 256), u);
    }

    void encodingIsExact() {
        PolicySpec spec;  // 256 x 256, percentiles 0.5 / 99.5, click radius 0
        core::Image<float> slice(geometry(512, 512), 0.0f);
        core::Mask mask(geometry(512, 512));
        for (int y = 200; y < 300; ++y)
            for (int x = 200; x < 300; ++x) mask.at(x, y) = 1;
        // Intensity = x: the window [p0.5, p99.5] of 0..511 is [2, 509] (nearest rank over 262144 values).
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) slice.at(x, y) = static_cast<float>(x);
        Observation o;
        o.slice = &slice;
        o.mask = &mask;
        o.history = {core::Action::box(100, 40, 199.4, 91), core::Action::point(201, 51, true),
                     core::Action::point(0, 511, false), core::Action::box(10, 10, 20, 30)};
        const std::vector<float> input = encodeObservation(o, spec);
        QCOMPARE(input.size(), std::size_t(5 * 256 * 256));

        // Slice: cell u samples slice x = 2u + 0.5, i.e. intensity 2u + 0.5, windowed to [2, 509].
        for (const int u : {0, 1, 2, 100, 200, 253, 254, 255}) {
            const float expected = std::clamp((2 * u + 0.5f - 2.0f) / 507.0f, 0.0f, 1.0f);
            QVERIFY2(
                std::abs(at(input, spec, 0, u, 17) - expected) < 1e-6,
                qPrintable(QString("u %1: %2 vs %3").arg(u).arg(at(input, spec, 0, u, 17)).arg(expected)));
        }
        // Mask: cells 100..149 (slice 200..299) in both directions.
        QCOMPARE(channelSum(input, spec, 1), 50.0f * 50.0f);
        QCOMPARE(at(input, spec, 1, 100, 100), 1.0f);
        QCOMPARE(at(input, spec, 1, 149, 149), 1.0f);
        QCOMPARE(at(input, spec, 1, 99, 120), 0.0f);
        QCOMPARE(at(input, spec, 1, 150, 120), 0.0f);
        // Clicks: (201, 51) -> cell (100, 25); (0, 511) -> cell (0, 255).
        QCOMPARE(channelSum(input, spec, 2), 1.0f);
        QCOMPARE(at(input, spec, 2, 100, 25), 1.0f);
        QCOMPARE(channelSum(input, spec, 3), 1.0f);
        QCOMPARE(at(input, spec, 3, 0, 255), 1.0f);
        // Box: only the most recent one, (10, 10)-(20, 30) -> cells 5..10 x 5..15 inclusive.
        QCOMPARE(channelSum(input, spec, 4), 6.0f * 11.0f);
        QCOMPARE(at(input, spec, 4, 5, 5), 1.0f);
        QCOMPARE(at(input, spec, 4, 10, 15), 1.0f);
        QCOMPARE(at(input, spec, 4, 11, 15), 0.0f);
    }

    void clickDiscsAndFlatSlices() {
        PolicySpec spec;
        spec.clickRadius = 2;
        core::Image<float> slice(geometry(256, 256), 7.0f);  // flat: the slice channel is all zero
        Observation o;
        o.slice = &slice;
        o.history = {core::Action::point(128, 128, true), core::Action::point(0, 0, true)};
        const std::vector<float> input = encodeObservation(o, spec);
        QCOMPARE(channelSum(input, spec, 0), 0.0f);
        QCOMPARE(channelSum(input, spec, 1), 0.0f);  // no mask given
        QCOMPARE(channelSum(input, spec, 2),
                 13.0f + 6.0f);  // a full radius-2 disc, and a quarter disc at a corner
    }

    void badObservationsAreNamed() {
        PolicySpec spec;
        Observation none;
        QVERIFY(errorKind([&] { encodeObservation(none, spec); }) == PolicyError::Kind::Backend);
        core::Image<float> slice(geometry(64, 64));
        core::Mask mask(geometry(32, 64));
        Observation o;
        o.slice = &slice;
        o.mask = &mask;
        std::string message;
        QVERIFY(errorKind([&] { encodeObservation(o, spec); }, &message) == PolicyError::Kind::Backend);
        QVERIFY2(message.find("32x64") != std::string::npos, message.c_str());
    }

    void decodingFollowsTheContract() {
        PolicySpec spec;
        spec.width = 8;
        spec.height = 4;
        std::vector<float> heatmap(32, 0.0f);
        heatmap[2 * 8 + 5] = 3.0f;  // cell (5, 2)
        heatmap[3 * 8 + 1] = 3.0f;  // a later tie: the first in row-major order wins
        const PolicyOutputs click{{0, 2, 1, 0}, heatmap, {0, 0, 1, 1}};
        // Slice 80 x 40: cell u -> (u + 0.5) * 10 - 0.5.
        QVERIFY(decodeOutputs(click, spec, 80, 40) == core::Action::point(54.5, 24.5, true));
        const PolicyOutputs negative{{0, 1, 2, 0}, heatmap, {}};
        QVERIFY(decodeOutputs(negative, spec, 80, 40) == core::Action::point(54.5, 24.5, false));
        // Box as fractions of the extent, corners sorted and clamped: x = b * size - 0.5.
        const PolicyOutputs box{{5, 0, 0, 0}, {}, {0.75f, 0.25f, 0.125f, 1.5f}};
        QVERIFY(decodeOutputs(box, spec, 80, 40) == core::Action::box(9.5, 9.5, 59.5, 39));
        QVERIFY(decodeOutputs({{0, 0, 0, 1}, {}, {}}, spec, 80, 40) == core::Action::stop());

        std::string message;
        QVERIFY(errorKind(
                    [&] {
                        decodeOutputs({{1, 2, 3}, heatmap, {}}, spec, 80, 40);
                    },
                    &message) == PolicyError::Kind::Backend);
        QVERIFY2(message.find("3 action logits") != std::string::npos, message.c_str());
        QVERIFY(errorKind([&] {
                    decodeOutputs({{0, 1, 0, 0}, std::vector<float>(31), {}}, spec, 80, 40);
                }) == PolicyError::Kind::Backend);
        QVERIFY(errorKind([&] {
                    decodeOutputs({{1, 0, 0, 0}, {}, {0, 0, 1}}, spec, 80, 40);
                }) == PolicyError::Kind::Backend);
        QVERIFY(errorKind([&] {
                    decodeOutputs({{NAN, 0, 0, 0}, {}, {}}, spec, 80, 40);
                }) == PolicyError::Kind::Backend);
    }

    void version2SidecarRoundTrips() {
        PolicySpec spec;
        spec.version = 2;
        spec.width = spec.height = 64;
        spec.cropMargin = 0.25;
        spec.cropMinSize = 16;
        const PolicySpec back = PolicySpec::fromJson(spec.toJson(), "v2.json");
        QCOMPARE(back.version, 2);
        QCOMPARE(back.channels(), 6);
        QCOMPARE(back.heatmapPlanes(), 2);
        QCOMPARE(back.cropMargin, 0.25);
        QCOMPARE(back.cropMinSize, 16);
        std::string message;
        QVERIFY(errorKind(
                    [&] {
                        PolicySpec::fromJson(
                            R"({"format": "medsam-policy", "version": 2, "crop": {"margin": -1}})",
                            "v2.json");
                    },
                    &message) == PolicyError::Kind::Backend);
        QVERIFY2(message.find("crop.margin") != std::string::npos, message.c_str());
        // Version 1's channel list is not version 2's.
        QVERIFY(
            errorKind([&] {
                PolicySpec::fromJson(
                    R"({"format": "medsam-policy", "version": 2, "channels": ["slice", "mask", "positive_clicks", "negative_clicks", "box"]})",
                    "v2.json");
            }) == PolicyError::Kind::Backend);
    }

    void version2CropsAroundThePromptsWithAMargin() {
        PolicySpec spec;
        spec.version = 2;
        spec.width = spec.height = 32;
        spec.cropMargin = 0.5;
        spec.cropMinSize = 8;
        core::Image<float> slice(geometry(200, 100));
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 200; ++x) slice.voxels()[y * 200 + x] = static_cast<float>(x);
        core::Mask mask(geometry(200, 100));
        Observation o;
        o.slice = &slice;
        o.mask = &mask;
        // Before any prompt: the whole slice.
        ModelFrame f = modelFrame(o, spec);
        QCOMPARE(f.x0, -0.5);
        QCOMPARE(f.width, 200.0);
        // A 16x8 box centred at (100, 50): side 16 * (1 + 2 * 0.5) = 32 slice pixels, one cell per pixel.
        o.history = {core::Action::box(92.5, 46.5, 107.5, 53.5)};
        o.turn = 3;
        f = modelFrame(o, spec);
        QCOMPARE(f.width, 16.0 * 2);
        QCOMPARE(f.x0, 100.0 - 16.0);
        QCOMPARE(f.y0, 50.0 - 16.0);
        const std::vector<float> in = encodeObservation(o, spec);
        QCOMPARE(in.size(), spec.inputSize());
        // Box cells: slice 92.5..107.5 -> cells floor((92.5 - 84) * 32 / 32) = 8 .. 23.
        QCOMPARE(channelSum(in, spec, 4), 16.0f * 8.0f);
        QCOMPARE(at(in, spec, 4, 8, 12), 1.0f);
        QCOMPARE(at(in, spec, 4, 7, 12), 0.0f);
        // The slice is windowed by the crop's own values (x from 84 to 115), so the crop spans 0..1.
        QVERIFY(at(in, spec, 0, 0, 16) < 0.02f);
        QVERIFY(at(in, spec, 0, 31, 16) > 0.98f);
        // Turn channel: 3 / 10 everywhere.
        QCOMPARE(at(in, spec, 5, 0, 0), 0.3f);
        QCOMPARE(at(in, spec, 5, 31, 31), 0.3f);
        // Out of the slice: a crop at the border pads with 0.
        o.history = {core::Action::box(0, 0, 9, 9)};
        const std::vector<float> border = encodeObservation(o, spec);
        const ModelFrame bf = modelFrame(o, spec);
        QVERIFY(bf.x0 < -0.5);
        QCOMPARE(at(border, spec, 0, 0, 0), 0.0f);
        QCOMPARE(at(border, spec, 4, 0, 0), 0.0f);
    }

    void version2ClicksUseTheirOwnHeatmapPlane() {
        PolicySpec spec;
        spec.version = 2;
        spec.width = spec.height = 8;
        const ModelFrame frame{10.0, 20.0, 16.0, 16.0};  // 2 slice pixels per cell
        PolicyOutputs out;
        out.logits = {0, 0, 5, 0};  // negative click
        out.heatmap.assign(2 * 64, 0.0f);
        out.heatmap[3 * 8 + 1] = 9.0f;       // positive plane: cell (1, 3)
        out.heatmap[64 + 6 * 8 + 5] = 4.0f;  // negative plane: cell (5, 6)
        out.box = {0, 0, 1, 1};
        const core::Action a = decodeOutputs(out, spec, frame, 100, 100);
        QVERIFY(a.kind == core::ActionKind::NegativePoint);
        QCOMPARE(a.x0, 10.0 + 5.5 * 2);
        QCOMPARE(a.y0, 20.0 + 6.5 * 2);
        out.logits = {0, 5, 0, 0};
        const core::Action p = decodeOutputs(out, spec, frame, 100, 100);
        QVERIFY(p.kind == core::ActionKind::PositivePoint);
        QCOMPARE(p.x0, 10.0 + 1.5 * 2);
        // Box fractions are of the frame.
        out.logits = {5, 0, 0, 0};
        out.box = {0.25f, 0.5f, 0.75f, 1.0f};
        const core::Action b = decodeOutputs(out, spec, frame, 100, 100);
        QCOMPARE(b.x0, 14.0);
        QCOMPARE(b.x1, 22.0);
        QCOMPARE(b.y0, 28.0);
        QCOMPARE(b.y1, 36.0);
        // One plane only is a contract violation for version 2.
        out.logits = {0, 5, 0, 0};
        out.heatmap.resize(64);
        QVERIFY(errorKind([&] { decodeOutputs(out, spec, frame, 100, 100); }) == PolicyError::Kind::Backend);
    }
};

QTEST_APPLESS_MAIN(TestPolicyTensorCodec)
#include "tst_PolicyTensorCodec.moc"
