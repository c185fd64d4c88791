#include "ScriptedChatServer.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace medsam::test {

ScriptedChatServer::ScriptedChatServer() {
    if (!server_.listen(QHostAddress::LocalHost, 0))
        throw std::runtime_error("ScriptedChatServer: cannot listen: " + server_.errorString().toStdString());
    connect(&server_, &QTcpServer::newConnection, this, &ScriptedChatServer::onConnection);
}

QByteArray ScriptedChatServer::baseUrl() const {
    return "http://127.0.0.1:" + QByteArray::number(port()) + "/v1";
}

void ScriptedChatServer::respond(int status, const QByteArray& body) {
    script_.push_back({Behaviour::Kind::Respond, status, body, {}});
}
void ScriptedChatServer::respondWithAssistant(const std::string& content) {
    respond(200, chatCompletion(content));
}
void ScriptedChatServer::redirect(int status, const QByteArray& location) {
    script_.push_back({Behaviour::Kind::Respond, status, {}, location});
}
void ScriptedChatServer::hang() {
    script_.push_back({Behaviour::Kind::Hang, 0, {}, {}});
}
void ScriptedChatServer::drop() {
    script_.push_back({Behaviour::Kind::Drop, 0, {}, {}});
}

QByteArray ScriptedChatServer::chatCompletion(const std::string& content) {
    const nlohmann::json answer = {{"id", "chatcmpl-test"},
                                   {"object", "chat.completion"},
                                   {"model", "scripted"},
                                   {"choices",
                                    {{{"index", 0},
                                      {"message", {{"role", "assistant"}, {"content", content}}},
                                      {"finish_reason", "stop"}}}}};
    return QByteArray::fromStdString(answer.dump());
}

void ScriptedChatServer::onConnection() {
    while (QTcpSocket* socket = server_.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const int headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0) return;
            Request request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (int i = 1; i < lines.size(); ++i) {
                const int colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers[lines[i].left(colon).trimmed().toLower()] =
                        lines[i].mid(colon + 1).trimmed();
            }
            const int length = request.headers.value("content-length", "0").toInt();
            if (buffer->size() < headerEnd + 4 + length) return;  // wait for the whole body
            request.body = buffer->mid(headerEnd + 4, length);
            buffer->clear();
            requests_.append(request);

            Behaviour behaviour{Behaviour::Kind::Respond, 500, R"({"error": "script exhausted"})", {}};
            if (!script_.empty()) {
                behaviour = script_.front();
                script_.pop_front();
            }
            switch (behaviour.kind) {
                case Behaviour::Kind::Hang:
                    return;
                case Behaviour::Kind::Drop:
                    socket->abort();
                    return;
                case Behaviour::Kind::Respond: {
                    QByteArray response =
                        "HTTP/1.1 " + QByteArray::number(behaviour.status) + " Scripted\r\n" +
                        (behaviour.location.isEmpty() ? QByteArray()
                                                      : "Location: " + behaviour.location + "\r\n") +
                        "Content-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(behaviour.body.size()) + "\r\nConnection: close\r\n\r\n" +
                        behaviour.body;
                    socket->write(response);
                    socket->disconnectFromHost();
                    return;
                }
            }
        });
    }
}

}  // namespace medsam::test
