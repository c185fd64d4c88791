#include <QImage>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "core/render/PngCodec.h"

using namespace medsam::core;

class TestPngCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void qtDecodesExactlyWhatWeEncoded() {
        std::mt19937 rng(5);
        RgbImage pic(37, 21);
        for (auto& b : pic.rgb) b = static_cast<std::uint8_t>(rng());
        const auto bytes = encodePng(pic);
        QImage decoded;
        QVERIFY(decoded.loadFromData(bytes.data(), static_cast<int>(bytes.size()), "PNG"));
        QCOMPARE(decoded.width(), 37);
        QCOMPARE(decoded.height(), 21);
        for (int y = 0; y < 21; ++y)
            for (int x = 0; x < 37; ++x) {
                const QRgb c = decoded.pixel(x, y);
                const std::uint8_t* p = pic.pixel(x, y);
                QCOMPARE(qRed(c), int(p[0]));
                QCOMPARE(qGreen(c), int(p[1]));
                QCOMPARE(qBlue(c), int(p[2]));
            }
        QVERIFY(encodePng(pic) == bytes);  // deterministic
    }

    void greyscaleToo() {
        std::vector<std::uint8_t> px = {0, 1, 254, 255, 128, 7};
        const auto bytes = encodePngGray(3, 2, px.data());
        QImage decoded;
        QVERIFY(decoded.loadFromData(bytes.data(), static_cast<int>(bytes.size()), "PNG"));
        QCOMPARE(decoded.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(decoded.pixel(2, 0)), 254);
        QCOMPARE(qGray(decoded.pixel(2, 1)), 7);
    }

    void unwritablePathNamesThePath() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("no/such/folder/x.png").toStdString();
        try {
            writePng(path, RgbImage(2, 2));
            QFAIL("expected PngError");
        } catch (const PngError& e) {
            QVERIFY(QString(e.what()).contains("no/such/folder/x.png"));
        }
    }
};

QTEST_APPLESS_MAIN(TestPngCodec)
#include "tst_PngCodec.moc"
