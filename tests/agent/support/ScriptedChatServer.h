#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>
#include <deque>
#include <string>

namespace medsam::test {

// A real HTTP/1.1 server on loopback that answers each request with the next scripted behaviour, for testing
// clients of OpenAI-compatible chat servers without a model. Lives in the thread that creates it (run the
// client on another thread, or inside a nested event loop of this one). Every connection carries one request.
class ScriptedChatServer : public QObject {
    Q_OBJECT
public:
    struct Behaviour {
        enum class Kind { Respond, Hang, Drop };
        Kind kind = Kind::Respond;
        int status = 200;
        QByteArray body;
        QByteArray location;  // a Location header (redirects)
    };
    struct Request {
        QByteArray method, path;
        QMap<QByteArray, QByteArray> headers;  // names in lower case
        QByteArray body;
    };

    ScriptedChatServer();
    quint16 port() const { return server_.serverPort(); }
    QByteArray baseUrl() const;  // http://127.0.0.1:PORT/v1

    // Behaviours are used in order; when the script runs out the server answers 500.
    void respond(int status, const QByteArray& body);
    void respondWithAssistant(const std::string& content);  // a 200 chat completion with this message text
    void redirect(int status, const QByteArray& location);  // e.g. 307 to another server
    void hang();                                            // read the request, never answer
    void drop();                                            // read the request, close the connection
    const QList<Request>& requests() const { return requests_; }
    int pending() const { return static_cast<int>(script_.size()); }

    static QByteArray chatCompletion(const std::string& content);

private:
    void onConnection();

    QTcpServer server_;
    std::deque<Behaviour> script_;
    QList<Request> requests_;
};

}  // namespace medsam::test
