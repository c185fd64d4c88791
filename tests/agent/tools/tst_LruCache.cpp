#include <QtTest>
#include <memory>
#include <string>

#include "agent/tools/LruCache.h"

using medsam::agent::LruCache;

class TestLruCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evictsLeastRecentlyUsed() {
        LruCache<std::string, int> cache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        QVERIFY(cache.find("a"));  // touch a: b is now the oldest
        cache.put("c", 3);
        QCOMPARE(cache.size(), std::size_t{2});
        QVERIFY(cache.contains("a"));
        QVERIFY(!cache.contains("b"));
        QVERIFY(cache.contains("c"));
        QCOMPARE(*cache.find("a"), 1);
        QCOMPARE(*cache.leastRecentKey(), std::string("c"));
    }

    void replaceKeepsSizeAndRefreshes() {
        LruCache<int, std::string> cache(2);
        cache.put(1, "one");
        cache.put(2, "two");
        cache.put(1, "uno");  // refreshes 1: 2 is evicted next
        cache.put(3, "three");
        QCOMPARE(cache.size(), std::size_t{2});
        QCOMPARE(*cache.find(1), std::string("uno"));
        QVERIFY(!cache.find(2));
    }

    void eraseAndClear() {
        LruCache<int, int> cache(3);
        cache.put(1, 10);
        cache.put(2, 20);
        QVERIFY(cache.erase(1));
        QVERIFY(!cache.erase(1));
        QCOMPARE(cache.size(), std::size_t{1});
        cache.clear();
        QCOMPARE(cache.size(), std::size_t{0});
        QVERIFY(!cache.leastRecentKey());
    }

    void holdsMoveOnlyValues() {
        LruCache<int, std::unique_ptr<int>> cache(1);
        cache.put(1, std::make_unique<int>(5));
        cache.put(2, std::make_unique<int>(6));
        QVERIFY(!cache.find(1));
        QCOMPARE(**cache.find(2), 6);
    }

    void zeroCapacityIsRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (LruCache<int, int>(0)));
    }
};

QTEST_APPLESS_MAIN(TestLruCache)
#include "tst_LruCache.moc"
