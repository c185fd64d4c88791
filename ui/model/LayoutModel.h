#pragma once

#include <QObject>
#include <QString>
#include <optional>

namespace medsam::ui {

// The four views' arrangement (ITK-SNAP's DisplayLayoutModel): three slice views in a row above the 3D view,
// a 2x2 grid, or one view maximised. Maximising is a toggle per view that returns to the previous layout.
class LayoutModel : public QObject {
    Q_OBJECT
public:
    enum class Layout { OneByThree, TwoByTwo, Single };
    enum View { Axial = 0, Coronal = 1, Sagittal = 2, ThreeD = 3, ViewCount = 4 };

    explicit LayoutModel(QObject* parent = nullptr) : QObject(parent) {}

    Layout layout() const { return layout_; }
    int maximisedView() const { return maximised_; }  // meaningful in Single
    bool isVisible(int view) const { return layout_ != Layout::Single || view == maximised_; }

    void setLayout(Layout layout);
    void maximise(int view);
    void toggleMaximise(int view);

    // "1x3", "2x2", "axial", "coronal", "sagittal", "3d" (a maximised view), as --layout takes them.
    QString name() const;
    bool setFromName(const QString& name);
    static QStringList names();

Q_SIGNALS:
    void changed();

private:
    Layout layout_ = Layout::TwoByTwo;
    Layout previous_ = Layout::TwoByTwo;
    int maximised_ = Axial;
};

}  // namespace medsam::ui
