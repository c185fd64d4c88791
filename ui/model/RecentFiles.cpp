#include "ui/model/RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace medsam::ui {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QSettings* settings, int capacity, QObject* parent)
    : QObject(parent), settings_(settings), capacity_(capacity) {}

QStringList RecentFiles::paths() const {
    return settings_->value(kKey).toStringList();
}

void RecentFiles::store(const QStringList& paths) {
    settings_->setValue(kKey, paths);
    settings_->sync();
    Q_EMIT changed();
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > capacity_) list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = paths();
    if (list.removeAll(QFileInfo(path).absoluteFilePath()) > 0) store(list);
}

void RecentFiles::clear() {
    store({});
}

}  // namespace medsam::ui
