#include "tests/support/TestData.h"

#include <QDir>
#include <QFileInfo>
#include <QtGlobal>

namespace medsam::test {

QString dataPath(const QString& relative) {
    const QString root = qEnvironmentVariable("MEDSAM_TEST_DATA");
    if (root.isEmpty()) return {};
    const QString path = QDir(root).filePath(relative);
    return QFileInfo::exists(path) ? path : QString();
}

bool runningInCi() {
    return qEnvironmentVariable("CI") == "true";
}

}  // namespace medsam::test
