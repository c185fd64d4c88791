// The torch plugin loader: a missing, garbage, foreign or mismatched file is an error that names it; the real
// plugin is found by the default lookup (the build tree's RUNPATH), brings libtorch with it, and its tools
// and policies work, errors included, across the library boundary.
#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/plugin/TorchPluginLoader.h"

using namespace medsam;
using namespace medsam::agent;
namespace fs = std::filesystem;

namespace {

QString loadError(const std::string& file) {
    try {
        loadTorchPlugin(file);
    } catch (const TorchPluginError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

bool libtorchMapped() {
    std::ifstream maps("/proc/self/maps");
    std::stringstream text;
    text << maps.rdbuf();
    return text.str().find("libtorch") != std::string::npos;
}

core::Image<float> slice64() {
    core::ImageGeometry g;
    g.size = {64, 64, 1};
    return core::Image<float>(g, 10.0f);
}

}  // namespace

class TestTorchPluginLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        unsetenv(kTorchPluginEnvVar);  // this test checks the default lookup
    }

    void missingFileIsNamed() {
        const std::string file = tmp_.path().toStdString() + "/absent/libmedsam_torch.so";
        const QString e = loadError(file);
        QVERIFY2(e.contains(QString::fromStdString(file)) && e.contains("does not exist"), qPrintable(e));
    }

    void garbageFileIsNamed() {
        const std::string file = tmp_.path().toStdString() + "/garbage.so";
        std::ofstream(file) << "this is not a shared library\n";
        const QString e = loadError(file);
        QVERIFY2(e.startsWith(QString::fromStdString("cannot load the torch plugin " + file + ": ")),
                 qPrintable(e));
    }

    void libraryWithoutEntryPointsIsRefused() {
        const QString e = loadError(MEDSAM_TEST_NOT_A_PLUGIN);
        QVERIFY2(e.contains(MEDSAM_TEST_NOT_A_PLUGIN) && e.contains("is not a MedSAM torch plugin"),
                 qPrintable(e));
    }

    void otherInterfaceVersionIsRefused() {
        const QString e = loadError(MEDSAM_TEST_WRONG_ABI_PLUGIN);
        QVERIFY2(e.contains(MEDSAM_TEST_WRONG_ABI_PLUGIN) && e.contains("interface version 999") &&
                     e.contains(QString("needs version %1").arg(kTorchPluginAbi)),
                 qPrintable(e));
    }

    void unknownBareNameExplainsTheLookup() {
        const QString e = loadError("libmedsam_no_such_plugin.so");
        QVERIFY2(e.contains("libmedsam_no_such_plugin.so") && e.contains(kTorchPluginEnvVar), qPrintable(e));
    }

    // Last: it loads libtorch into this process for good.
    void defaultLookupFindsTheBuiltPluginOnFirstUse() {
        QVERIFY2(!libtorchMapped(), "libtorch is loaded before the plugin: something links torch");
        const LoadedTorchPlugin& plugin = torchPlugin();
        QVERIFY(libtorchMapped());
        QCOMPARE(fs::canonical(plugin.path), fs::canonical(MEDSAM_TORCH_PLUGIN_FILE));
        QVERIFY(plugin.backend->torchVersion().rfind("1.", 0) == 0);
        // The same file again is the same plugin (one copy of torch per process).
        QCOMPARE(loadTorchPlugin(MEDSAM_TORCH_PLUGIN_FILE).backend, plugin.backend);
        QCOMPARE(&torchPlugin(), &plugin);
    }

    void pluginToolSegmentsAndItsErrorsCrossTheBoundary() {
        const TorchBackend& torch = torchBackend();
        SamModelSpec spec;
        spec.name = "tiny";
        spec.inputSize = spec.lowResSize = 64;
        const fs::path dir = fs::path(tmp_.path().toStdString()) / "tiny";
        torch.writeSyntheticSamModel(dir, spec, SyntheticSamOptions{});
        auto tool = torch.makeSamSegmenter(dir, SamSegmenterOptions{});
        QCOMPARE(tool->name(), std::string("sam/tiny"));
        tool->setImage(slice64(), "");
        // The synthetic decoder fills the box (agent/tools/SamSyntheticModel.h).
        const auto r = tool->predict({BoxPrompt{20, 10, 40, 30}, {}}, {});
        QCOMPARE(int(r.mask.at(30, 20)), 1);
        QCOMPARE(int(r.mask.at(5, 50)), 0);

        try {
            torch.makeSamSegmenter(dir / "absent", SamSegmenterOptions{});
            QFAIL("a missing model folder loaded");
        } catch (const SegmenterError& e) {
            QVERIFY2(QString(e.what()).contains("absent"), e.what());
        }
        try {
            torch.makeTorchPolicy((dir / "absent.pt").string(), "", 1);
            QFAIL("a missing policy file loaded");
        } catch (const PolicyError& e) {
            QCOMPARE(e.kind(), PolicyError::Kind::Backend);
        }
    }

private:
    QTemporaryDir tmp_;
};

QTEST_APPLESS_MAIN(TestTorchPluginLoader)
#include "tst_TorchPluginLoader.moc"
