#include "ui/model/ShortcutRegistry.h"

#include <QSettings>

namespace medsam::ui {

namespace {
QString settingsKey(const QString& id) {
    return QStringLiteral("shortcuts/") + id;
}
}  // namespace

ShortcutRegistry::ShortcutRegistry(QSettings* settings, QObject* parent)
    : QObject(parent), settings_(settings) {}

void ShortcutRegistry::add(const QString& id, const QString& text, const QString& scope,
                           const QKeySequence& defaultKey) {
    for (auto& e : entries_) {
        if (e.id == id) {
            e = {id, text, scope, defaultKey};
            return;
        }
    }
    entries_.push_back({id, text, scope, defaultKey});
}

const ShortcutRegistry::Entry* ShortcutRegistry::entry(const QString& id) const {
    for (const auto& e : entries_) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

QKeySequence ShortcutRegistry::key(const QString& id) const {
    const Entry* e = entry(id);
    if (!e) return {};
    if (settings_ && settings_->contains(settingsKey(id))) {
        return QKeySequence::fromString(settings_->value(settingsKey(id)).toString(),
                                        QKeySequence::PortableText);
    }
    return e->defaultKey;
}

QString ShortcutRegistry::idForKey(const QString& scope, const QKeySequence& key) const {
    if (key.isEmpty()) return {};
    for (const auto& e : entries_) {
        if (e.scope == scope && this->key(e.id) == key) return e.id;
    }
    return {};
}

QString ShortcutRegistry::setKey(const QString& id, const QKeySequence& key) {
    const Entry* e = entry(id);
    if (!e) return {};
    const QString clash = idForKey(e->scope, key);
    if (!clash.isEmpty() && clash != id) return clash;
    if (settings_) settings_->setValue(settingsKey(id), key.toString(QKeySequence::PortableText));
    Q_EMIT changed(id);
    return {};
}

void ShortcutRegistry::reset(const QString& id) {
    if (settings_) settings_->remove(settingsKey(id));
    Q_EMIT changed(id);
}

void ShortcutRegistry::resetAll() {
    for (const auto& e : entries_) reset(e.id);
}

}  // namespace medsam::ui
