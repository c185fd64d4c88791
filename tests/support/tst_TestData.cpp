#include <QtTest>

#include "tests/support/TestData.h"

// Missing test data must fail under any CI, whatever value the service gives CI.
class TestTestData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ciDetection_data() {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("ci");
        QTest::newRow("unset") << QByteArray() << false;
        QTest::newRow("empty") << QByteArray("") << false;
        QTest::newRow("false") << QByteArray("false") << false;
        QTest::newRow("FALSE") << QByteArray("FALSE") << false;
        QTest::newRow("0") << QByteArray("0") << false;
        QTest::newRow("true") << QByteArray("true") << true;
        QTest::newRow("True") << QByteArray("True") << true;
        QTest::newRow("1") << QByteArray("1") << true;
        QTest::newRow("yes") << QByteArray("yes") << true;
        QTest::newRow("service name") << QByteArray("woodpecker") << true;
    }
    void ciDetection() {
        QFETCH(QByteArray, value);
        QFETCH(bool, ci);
        const QByteArray saved = qgetenv("CI");
        const bool wasSet = qEnvironmentVariableIsSet("CI");
        if (value.isNull())
            qunsetenv("CI");
        else
            qputenv("CI", value);
        const bool detected = medsam::test::runningInCi();
        if (wasSet)
            qputenv("CI", saved);
        else
            qunsetenv("CI");
        QCOMPARE(detected, ci);
    }
};

QTEST_APPLESS_MAIN(TestTestData)
#include "tst_TestData.moc"
