#pragma once

#include <QKeySequence>
#include <QObject>
#include <QString>
#include <vector>

class QSettings;

namespace medsam::ui {

// Every keyboard shortcut of the studio by a stable id ("tool.brush", "review.approve"), with its
// description, the scope it acts in and its default; a person's choice is kept in QSettings
// ("shortcuts/<id>") and applies at once. Two shortcuts of one scope on the same key are a conflict the
// settings dialog refuses. Actions bind to an id (MainWindow); the sessions panel reads its keys here.
class ShortcutRegistry : public QObject {
    Q_OBJECT
public:
    struct Entry {
        QString id;
        QString text;  // what it does, translated
        QString
            scope;  // where it acts: "main" (the whole window) or "sessions" (the sessions panel, focused)
        QKeySequence defaultKey;
    };

    explicit ShortcutRegistry(QSettings* settings, QObject* parent = nullptr);

    void add(const QString& id, const QString& text, const QString& scope, const QKeySequence& defaultKey);
    const std::vector<Entry>& entries() const { return entries_; }
    const Entry* entry(const QString& id) const;
    QKeySequence key(const QString& id) const;
    // Sets a key (empty: no key). Returns the id of the entry of the same scope already on that key, and
    // changes nothing, when there is one; an empty string on success.
    QString setKey(const QString& id, const QKeySequence& key);
    void reset(const QString& id);
    void resetAll();
    // The entry of `scope` whose key is `key`, or an empty string.
    QString idForKey(const QString& scope, const QKeySequence& key) const;

Q_SIGNALS:
    void changed(const QString& id);

private:
    QSettings* settings_;
    std::vector<Entry> entries_;
};

}  // namespace medsam::ui
