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

// CI services spell it differently (GitHub and GitLab: "true", others "1", "yes" or a service name): any
// value but empty, "false" or "0" means CI, so a missing data set fails there instead of skipping silently.
bool runningInCi() {
    const QString ci = qEnvironmentVariable("CI").trimmed().toLower();
    return !ci.isEmpty() && ci != QLatin1String("false") && ci != QLatin1String("0");
}

}  // namespace medsam::test
