#pragma once

#include <QObject>
#include <QStringList>

class QSettings;

namespace medsam::ui {

// The File > Recent list, most recent first, kept in QSettings (key "recentFiles") so it survives restarts.
// Paths are stored absolute and de-duplicated; the list holds at most `capacity` entries.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(QSettings* settings, int capacity = 10, QObject* parent = nullptr);

    QStringList paths() const;
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void store(const QStringList& paths);
    QSettings* settings_;
    int capacity_;
};

}  // namespace medsam::ui
