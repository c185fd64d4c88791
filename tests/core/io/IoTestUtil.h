#pragma once

#include <QFile>
#include <QString>
#include <QtTest>
#include <string>

#include "core/io/ImageIoError.h"

namespace medsam::test {

inline QByteArray readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

}  // namespace medsam::test

// The call must throw ImageIoError whose message names `name` (a file or folder name).
#define EXPECT_IO_ERROR(call, name)                                                                      \
    do {                                                                                                 \
        bool thrown = false;                                                                             \
        try {                                                                                            \
            call;                                                                                        \
        } catch (const medsam::core::ImageIoError& e) {                                                  \
            thrown = true;                                                                               \
            const std::string what = e.what();                                                           \
            if (what.find(std::string(name)) == std::string::npos) {                                     \
                QFAIL(qPrintable(                                                                        \
                    QString("message does not name %1: %2")                                              \
                        .arg(QString::fromStdString(std::string(name)), QString::fromStdString(what)))); \
            }                                                                                            \
        }                                                                                                \
        QVERIFY2(thrown, "expected ImageIoError");                                                       \
    } while (false)
