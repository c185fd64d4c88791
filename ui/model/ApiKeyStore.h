#pragma once

#include <QObject>
#include <QString>

namespace medsam::ui {

// Where the MLLM server's API key comes from in the studio, and where it may go: the environment
// ($MEDSAM_API_KEY, then $OPENAI_API_KEY) wins; otherwise the desktop's keychain (QtKeychain: the Secret
// Service, KWallet, ...) holds it. It is kept in memory for the agent and written nowhere else: never to
// QSettings (QtKeychain's insecure plaintext fallback stays off), the project database, exports or logs.
// Without a keychain (a bare session, the tests) a typed key serves this session only, and status() says so.
class ApiKeyStore : public QObject {
    Q_OBJECT
public:
    enum class Source { None, Environment, Keychain, ThisSession };
    static constexpr const char* kService = "medsam-studio";
    static constexpr const char* kEntry = "mllm-api-key";

    explicit ApiKeyStore(QObject* parent = nullptr);

    // The environment's key if set, else reads the keychain (asynchronously: changed() when done).
    void load();
    // A key typed by the person: used at once; `remember` also writes it to the keychain (asynchronously).
    void setKey(const QString& key, bool remember);
    // Removes the key from memory and from the keychain.
    void forget();

    QString key() const { return key_; }
    Source source() const { return source_; }
    QString status() const { return status_; }  // for the person: where the key comes from, or why not stored
    bool busy() const { return pending_ > 0; }

Q_SIGNALS:
    void changed();

private:
    void finish(const QString& status);
    QString key_;
    Source source_ = Source::None;
    QString status_;
    int pending_ = 0;
};

}  // namespace medsam::ui
