#include <QtTest>
#include <random>

#include "core/image/LabelDelta.h"

using namespace medsam::core;

namespace {
Image<std::uint16_t> labelMap(Size3 size) {
    ImageGeometry g;
    g.size = size;
    return Image<std::uint16_t>(g, 0);
}
}  // namespace

class TestLabelDelta : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalMapsGiveAnEmptyDelta() {
        auto a = labelMap({8, 8, 4});
        a.at(3, 3, 1) = 7;
        const LabelDelta d = LabelDelta::between(a, a);
        QVERIFY(d.empty());
        QCOMPARE(d.changedVoxels(), std::size_t(0));
        auto copy = a;
        d.undo(copy);
        QCOMPARE(copy.voxels(), a.voxels());
    }

    // A chain of random edits undone and redone step by step returns each earlier state exactly.
    void undoAndRedoAreBitExact() {
        std::mt19937 rng(42);
        auto current = labelMap({48, 40, 24});
        std::vector<Image<std::uint16_t>> states{current};
        std::vector<LabelDelta> deltas;
        for (int edit = 0; edit < 30; ++edit) {
            auto next = current;
            // A ball of a random label at a random place, and a few stray voxels.
            const int cx = int(rng() % 48), cy = int(rng() % 40), cz = int(rng() % 24), r = 1 + int(rng() % 6);
            const auto value = static_cast<std::uint16_t>(rng() % 5);
            for (int k = 0; k < 24; ++k)
                for (int j = 0; j < 40; ++j)
                    for (int i = 0; i < 48; ++i)
                        if ((i - cx) * (i - cx) + (j - cy) * (j - cy) + (k - cz) * (k - cz) <= r * r)
                            next.at(i, j, k) = value;
            next.at(int(rng() % 48), int(rng() % 40), int(rng() % 24)) = 65535;
            deltas.push_back(LabelDelta::between(current, next));
            current = next;
            states.push_back(current);
        }
        auto replay = current;
        for (int step = int(deltas.size()) - 1; step >= 0; --step) {
            deltas[std::size_t(step)].undo(replay);
            QVERIFY2(replay.voxels() == states[std::size_t(step)].voxels(), qPrintable(QString::number(step)));
        }
        for (std::size_t step = 0; step < deltas.size(); ++step) {
            deltas[step].redo(replay);
            QVERIFY(replay.voxels() == states[step + 1].voxels());
        }
    }

    void deltaCoversOnlyTheChangedBox() {
        auto before = labelMap({512, 512, 30});
        auto after = before;
        for (int j = 100; j < 120; ++j)
            for (int i = 200; i < 230; ++i) after.at(i, j, 12) = 3;
        after.at(205, 110, 12) = 0;  // a hole: one voxel inside the box unchanged
        const LabelDelta d = LabelDelta::between(before, after);
        QCOMPARE(d.changedVoxels(), std::size_t(20 * 30 - 1));
        QCOMPARE(d.boxMin(), (std::array<int, 3>{200, 100, 12}));
        QCOMPARE(d.boxMax(), (std::array<int, 3>{229, 119, 12}));
        // A 600-voxel stroke on a 7.9 M-voxel map costs bytes, not the 15.7 MB a copy would.
        QVERIFY2(d.memoryBytes() < 1024, qPrintable(QString::number(d.memoryBytes())));
        auto other = labelMap({512, 512, 31});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, d.undo(other));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LabelDelta::between(before, other));
    }
};

QTEST_APPLESS_MAIN(TestLabelDelta)
#include "tst_LabelDelta.moc"
