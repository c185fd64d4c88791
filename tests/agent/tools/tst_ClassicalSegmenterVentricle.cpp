// Integration: the classical tool on a real MRI slice (BrainWeb proton density, ITK example data) with the
// left lateral ventricle as reference, driven by the simulated annotator. Reads PNGs with QImage until
// core/io lands.
#include <QImage>
#include <QtTest>

#include "agent/tools/ClassicalSegmenter.h"
#include "tests/support/SimulatedAnnotator.h"
#include "tests/support/TestData.h"

using namespace medsam;

class TestClassicalSegmenterVentricle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boxAndClicksReachNinetyPercentDice() {
        const QString imagePath = test::dataPath("itk/Data/BrainProtonDensitySlice.png");
        const QString refPath = test::dataPath("itk/Data/VentricleModel.png");
        MEDSAM_REQUIRE_DATA(imagePath);
        MEDSAM_REQUIRE_DATA(refPath);
        const QImage img = QImage(imagePath).convertToFormat(QImage::Format_Grayscale8);
        const QImage ref = QImage(refPath).convertToFormat(QImage::Format_Grayscale8);
        QVERIFY2(!img.isNull() && !ref.isNull(), "cannot decode the ventricle PNGs");
        QCOMPARE(img.size(), ref.size());
        core::ImageGeometry g;
        g.size = {img.width(), img.height(), 1};
        core::Image<float> slice(g);
        core::Mask reference(g);
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                slice.at(x, y) = img.constScanLine(y)[x];
                reference.at(x, y) = ref.constScanLine(y)[x] > 0;
            }

        agent::ClassicalSegmenter seg;
        seg.setImage(slice, "ventricle");
        agent::PromptSet prompts;
        prompts.box = test::boundingBox(reference);
        QVERIFY(prompts.box);
        core::Mask pred = seg.predict(prompts, {}).mask;
        const double boxDice = test::dice(pred, reference);
        double best = boxDice;
        for (int k = 0; k < 5; ++k) {
            const auto click = test::nextClick(pred, reference, prompts.points);
            if (!click) break;
            prompts.points.push_back(*click);
            agent::PredictOptions opt;
            const core::Mask prev = pred;
            opt.previousMask = &prev;
            pred = seg.predict(prompts, opt).mask;
            for (const auto& p : prompts.points)
                QCOMPARE(int(pred.at(int(p.x), int(p.y))), p.positive ? 1 : 0);
            best = std::max(best, test::dice(pred, reference));
        }
        qInfo("ventricle: Dice %.3f after the box, best %.3f within 5 clicks", boxDice, best);
        QVERIFY2(boxDice > 0.8, qPrintable(QString("box alone gives Dice %1").arg(boxDice)));
        QVERIFY2(best >= 0.9, qPrintable(QString("5 clicks reach only Dice %1").arg(best)));
    }
};

QTEST_APPLESS_MAIN(TestClassicalSegmenterVentricle)
#include "tst_ClassicalSegmenterVentricle.moc"
