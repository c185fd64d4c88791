#include "ui/model/LayoutModel.h"

#include <QStringList>

namespace medsam::ui {

namespace {
const char* const kViewNames[LayoutModel::ViewCount] = {"axial", "coronal", "sagittal", "3d"};
}

void LayoutModel::setLayout(Layout layout) {
    if (layout == layout_) return;
    if (layout_ != Layout::Single) previous_ = layout_;
    layout_ = layout;
    Q_EMIT changed();
}

void LayoutModel::maximise(int view) {
    if (view < 0 || view >= ViewCount) return;
    maximised_ = view;
    if (layout_ != Layout::Single) previous_ = layout_;
    layout_ = Layout::Single;
    Q_EMIT changed();
}

void LayoutModel::toggleMaximise(int view) {
    if (layout_ == Layout::Single && maximised_ == view)
        setLayout(previous_);
    else
        maximise(view);
}

QString LayoutModel::name() const {
    switch (layout_) {
        case Layout::OneByThree:
            return QStringLiteral("1x3");
        case Layout::TwoByTwo:
            return QStringLiteral("2x2");
        case Layout::Single:
            return QString::fromLatin1(kViewNames[maximised_]);
    }
    return {};
}

bool LayoutModel::setFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("1x3")) {
        setLayout(Layout::OneByThree);
        return true;
    }
    if (n == QLatin1String("2x2")) {
        setLayout(Layout::TwoByTwo);
        return true;
    }
    for (int v = 0; v < ViewCount; ++v) {
        if (n == QLatin1String(kViewNames[v])) {
            maximise(v);
            return true;
        }
    }
    return false;
}

QStringList LayoutModel::names() {
    QStringList list{QStringLiteral("1x3"), QStringLiteral("2x2")};
    for (const char* v : kViewNames) list << QString::fromLatin1(v);
    return list;
}

}  // namespace medsam::ui
