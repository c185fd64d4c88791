#include "ui/widgets/ProjectOverviewDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/trajectory/Trajectory.h"
#include "ui/model/SessionBrowserModel.h"

namespace medsam::ui {

DiceCurveWidget::DiceCurveWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("diceCurve"));
    setMinimumSize(480, 300);
}

void DiceCurveWidget::setCurves(std::vector<DiceCurve> curves, DicePlotText text) {
    curves_ = std::move(curves);
    text_ = std::move(text);
    update();
}

void DiceCurveWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    paintDiceCurves(painter, size(), curves_, text_);
}

namespace {

QTableWidget* table(const QStringList& headers, const std::vector<QStringList>& rows, const QString& name,
                    QWidget* parent) {
    auto* t = new QTableWidget(static_cast<int>(rows.size()), static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        for (int c = 0; c < static_cast<int>(headers.size()); ++c)
            t->setItem(r, c, new QTableWidgetItem(rows[static_cast<std::size_t>(r)].value(c)));
    t->horizontalHeader()->setStretchLastSection(true);
    t->resizeColumnsToContents();
    return t;
}

}  // namespace

ProjectOverviewDialog::ProjectOverviewDialog(const storage::ProjectStats& stats, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("overviewDialog"));
    setWindowTitle(tr("Project overview"));
    auto* layout = new QVBoxLayout(this);
    auto* headline = new QLabel(
        tr("%1 image(s), %2 label(s), %3 session(s)").arg(stats.images).arg(stats.labels).arg(stats.sessions),
        this);
    headline->setObjectName(QStringLiteral("overviewHeadline"));
    QFont bold = headline->font();
    bold.setBold(true);
    headline->setFont(bold);
    layout->addWidget(headline);

    std::vector<QStringList> statusRows, actorRows, diceRows;
    for (const auto& [status, count] : stats.byStatus)
        statusRows.push_back({SessionBrowserModel::statusText(status), QString::number(count)});
    for (const auto& [actor, count] : stats.byActor) {
        const auto a = core::parseActor(actor);
        actorRows.push_back(
            {a ? SessionBrowserModel::actorText(*a) : QString::fromStdString(actor), QString::number(count)});
    }
    for (const auto& d : stats.dicePerLabel) {
        diceRows.push_back({QString::fromStdString(d.label), QString::number(d.sessions),
                            QString::number(d.meanDice, 'f', 3)});
    }
    auto* tables = new QHBoxLayout;
    tables->addWidget(
        table({tr("Review"), tr("Sessions")}, statusRows, QStringLiteral("overviewStatus"), this));
    tables->addWidget(
        table({tr("Actor"), tr("Sessions")}, actorRows, QStringLiteral("overviewActors"), this));
    tables->addWidget(table({tr("Label"), tr("Sessions with Dice"), tr("Mean final Dice")}, diceRows,
                            QStringLiteral("overviewDice"), this),
                      2);
    layout->addLayout(tables);

    auto* plot = new DiceCurveWidget(this);
    std::vector<DiceCurve> curves;
    for (const auto& c : stats.diceByTurn) {
        curves.push_back({c.policy.empty() ? tr("(none)").toStdString()
                                           : c.policy + " (" + std::to_string(c.sessions) + ")",
                          c.values});
    }
    DicePlotText text;
    text.title = tr("Mean Dice after each step, per policy (sessions with a reference)");
    text.xAxis = tr("step");
    text.yAxis = tr("mean Dice");
    plot->setCurves(std::move(curves), text);
    layout->addWidget(plot, 1);
    if (stats.diceByTurn.empty()) {
        layout->addWidget(
            new QLabel(tr("No session has a Dice yet: Dice needs a reference label map."), this));
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(900, 720);
}

}  // namespace medsam::ui
