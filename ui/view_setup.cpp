#include "ui/view_setup.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTimer>
#include <QTableView>

#include <algorithm>

namespace sb::ui::views {

void setUpTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setHighlightSections(false);
}

void fitColumns(QTableView *view, const QStringList &samples)
{
    const QFontMetrics cell = view->fontMetrics();
    const QFontMetrics head = view->horizontalHeader()->fontMetrics();
    const QAbstractItemModel *model = view->model();
    for (int column = 0; column < samples.size() && column < model->columnCount(); ++column) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        // Room for the sort indicator and the section's margins next to the title.
        const int width = std::max(cell.horizontalAdvance(samples.at(column)) + 14,
                                   head.horizontalAdvance(title) + 30);
        view->horizontalHeader()->resizeSection(column, width);
    }
}

void followTail(QTableView *view)
{
    QObject::connect(view->model(), &QAbstractItemModel::rowsAboutToBeInserted, view, [view] {
        // Judged before the rows arrive: afterwards the bottom has moved away from the view.
        const QScrollBar *bar = view->verticalScrollBar();
        const bool atBottom = bar->value() >= bar->maximum() - view->verticalHeader()->defaultSectionSize();
        view->setProperty("sbFollowing", atBottom);
    });
    QObject::connect(view->model(), &QAbstractItemModel::rowsInserted, view, [view] {
        if (view->property("sbFollowing").toBool())
            QTimer::singleShot(0, view, &QTableView::scrollToBottom);
    });
}

} // namespace sb::ui::views
