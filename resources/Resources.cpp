#include "resources/Resources.h"

#include <QDir>
#include <QFileInfo>
#include <stdexcept>

namespace medsam::resources {

QString iconPath(const QString& name) {
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || !QFileInfo(path).isFile())
        throw std::invalid_argument(path.toStdString() +
                                    ": no such icon in the resources (resources/icons/)");
    return path;
}

QIcon icon(const QString& name) {
    return QIcon(iconPath(name));
}

QIcon applicationIcon() {
    return icon(QStringLiteral("medsam-studio"));
}

QStringList iconNames() {
    QStringList names;
    const QStringList files =
        QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")}, QDir::Files);
    for (const QString& file : files) names.append(file.chopped(4));
    names.sort();  // by name, not by file name: "open" before "open-folder"
    return names;
}

}  // namespace medsam::resources
