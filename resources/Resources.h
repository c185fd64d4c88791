#pragma once
// The icons compiled into the programs (resources/CMakeLists.txt): ":/icons/<name>.svg". They need no
// initialisation call: the resource registers itself when the program starts.
#include <QIcon>
#include <QString>
#include <QStringList>

namespace medsam::resources {

// The resource path of the named icon, e.g. iconPath("brush") == ":/icons/brush.svg". Throws
// std::invalid_argument naming the path when the resource has no such icon (a misspelt name is a programmer's
// error that a test should catch, not a blank toolbar button).
QString iconPath(const QString& name);

// The named icon (see iconPath); drawn at any size by Qt's SVG icon engine.
QIcon icon(const QString& name);

// The application icon (":/icons/medsam-studio.svg"), also installed as the desktop icon.
QIcon applicationIcon();

// The names of every icon in the resource, sorted, without the ".svg".
QStringList iconNames();

}  // namespace medsam::resources
