#include <torch/script.h>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "agent/policies/TorchPolicy.h"

using namespace medsam;
using namespace medsam::agent;

namespace {

// A policy network whose outputs are a known function of its input, so the test proves the encoding and the
// decoding end to end:
//   - no box yet -> add a box around the bright part of the slice channel (> 0.5), as extent fractions;
//   - a box and a non-empty mask -> a positive click at the argmax of the mask minus the clicked cells;
//   - a box and an empty mask -> stop.
const char* const kKnownPolicy = R"JIT(
def forward(self, x):
    sl = x[0, 0]
    mask = x[0, 1]
    pos = x[0, 2]
    has_box = float(bool(x[0, 4].sum() > 0))
    has_mask = float(bool(mask.sum() > 0))
    logits = torch.tensor([[1.0 - has_box, has_box * has_mask, 0.0, has_box * (1.0 - has_mask)]])
    free = (mask * (1.0 - pos)).unsqueeze(0).unsqueeze(0)
    bright = sl > 0.5
    rows = torch.nonzero(bright.sum(1) > 0).flatten()
    cols = torch.nonzero(bright.sum(0) > 0).flatten()
    h = float(x.size(2))
    w = float(x.size(3))
    box = torch.zeros([1, 4])
    if rows.numel() > 0:
        box = torch.stack([(cols.min().float() + 0.5) / w, (rows.min().float() + 0.5) / h,
                           (cols.max().float() + 0.5) / w, (rows.max().float() + 0.5) / h]).unsqueeze(0)
    return (logits, free, box)
)JIT";

std::string save(const QTemporaryDir& dir, const std::string& name, const std::string& source) {
    torch::jit::Module module("medsam_test_policy");
    module.define(source);
    const std::string path = dir.filePath(QString::fromStdString(name + ".pt")).toStdString();
    module.save(path);
    std::ofstream(dir.filePath(QString::fromStdString(name + ".json")).toStdString())
        << PolicySpec().toJson();
    return path;
}

core::ImageGeometry geometry(int w, int h) {
    core::ImageGeometry g;
    g.size = {w, h, 1};
    return g;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const PolicyError& e) {
        if (e.kind() != PolicyError::Kind::Backend) return "wrong kind";
        return e.what();
    }
    return "no error";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestTorchPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownNetworkGivesTheExpectedEpisode() {
        QTemporaryDir dir;
        TorchPolicy policy(save(dir, "known", kKnownPolicy));
        QCOMPARE(policy.spec().width, 256);
        QCOMPARE(policy.name(), std::string("torch:known.pt"));

        // 512 x 512 slice with a bright rectangle x 100..199, y 150..249 (cells 50..99 x 75..124 at 256).
        core::Image<float> slice(geometry(512, 512), 0.0f);
        for (int y = 150; y < 250; ++y)
            for (int x = 100; x < 200; ++x) slice.at(x, y) = 1000.0f;
        core::Mask mask(geometry(512, 512));
        Observation o;
        o.slice = &slice;
        o.mask = &mask;

        // Cell centres mapped back: x = (u + 0.5) * 2 - 0.5, i.e. within one pixel of the rectangle.
        const Decision first = policy.decide(o);
        QVERIFY2(first.action == core::Action::box(100.5, 150.5, 198.5, 248.5),
                 core::describe(first.action).c_str());

        // A mask square on slice 200..299 (cells 100..149); the click at (200, 200) fills cell (100, 100), so
        // the first free cell in row-major order is (101, 100) -> slice (202.5, 200.5).
        for (int y = 200; y < 300; ++y)
            for (int x = 200; x < 300; ++x) mask.at(x, y) = 1;
        o.history = {first.action, core::Action::point(200, 200, true)};
        o.turn = 2;
        const Decision click = policy.decide(o);
        QVERIFY2(click.action == core::Action::point(202.5, 200.5, true),
                 core::describe(click.action).c_str());

        std::fill(mask.voxels().begin(), mask.voxels().end(), 0);
        QVERIFY(policy.decide(o).action == core::Action::stop());
    }

    void missingAndCorruptFilesAreNamed() {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("nope.pt").toStdString();
        std::string message = errorOf([&] { TorchPolicy{missing}; });
        QVERIFY2(contains(message, missing) && contains(message, "does not exist"), message.c_str());

        const std::string path = save(dir, "known", kKnownPolicy);
        QVERIFY(QFile::remove(dir.filePath("known.json")));
        message = errorOf([&] { TorchPolicy{path}; });
        QVERIFY2(contains(message, "known.json") && contains(message, "missing"), message.c_str());

        const std::string corrupt = dir.filePath("corrupt.pt").toStdString();
        std::ofstream(corrupt, std::ios::binary) << "PK\x03\x04 this is not a TorchScript archive";
        std::ofstream(dir.filePath("corrupt.json").toStdString()) << PolicySpec().toJson();
        message = errorOf([&] { TorchPolicy{corrupt}; });
        QVERIFY2(contains(message, corrupt) && contains(message, "not a loadable TorchScript"),
                 message.c_str());

        const std::string badSidecar = save(dir, "badsidecar", kKnownPolicy);
        std::ofstream(dir.filePath("badsidecar.json").toStdString()) << R"({"format": "something else"})";
        message = errorOf([&] { TorchPolicy{badSidecar}; });
        QVERIFY2(contains(message, "badsidecar.json"), message.c_str());
    }

    void networksThatBreakTheContractAreReported() {
        QTemporaryDir dir;
        core::Image<float> slice(geometry(64, 64), 1.0f);
        Observation o;
        o.slice = &slice;

        TorchPolicy single(save(dir, "single", "def forward(self, x):\n    return x.sum()\n"));
        std::string message = errorOf([&] { single.decide(o); });
        QVERIFY2(contains(message, "must return a tuple"), message.c_str());

        TorchPolicy small(save(dir, "small",
                               "def forward(self, x):\n"
                               "    return (torch.tensor([[0.0, 1.0, 0.0, 0.0]]), torch.zeros([1, 1, 8, 8]), "
                               "torch.zeros([1, 4]))\n"));
        message = errorOf([&] { small.decide(o); });
        QVERIFY2(contains(message, "heatmap has 64 values"), message.c_str());

        TorchPolicy throwing(save(dir, "throwing", "def forward(self, x):\n    return (x[9], x, x)\n"));
        message = errorOf([&] { throwing.decide(o); });
        QVERIFY2(contains(message, "failed"), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestTorchPolicy)
#include "tst_TorchPolicy.moc"
